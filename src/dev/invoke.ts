import { randomUUID } from 'node:crypto';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { A2APeerTransport } from '../agent-runtime/a2a-client';
import { readAnswer } from '../agent-runtime/answer';
import { DEFAULT_QUALIFIER, parseRuntimeArn } from '../agent-runtime/contract';
import type { AgentResponse, Delegation, StreamEvent } from '../agent-runtime/protocol';
import { SseDecoder } from '../agent-runtime/sse';
import type { Protocol } from '../spec/schema';
import { LOCAL_CREDENTIALS } from './credentials';

/** One call to an agent, local or deployed. */
export interface InvokeOptions {
  readonly arn: string;
  readonly prompt: string;
  /** @default a new id per call */
  readonly sessionId?: string;
  /** The local endpoint's URL; omitted for a deployed agent (the SDK's own endpoint). */
  readonly endpointUrl?: string;
  /** Ask for Server-Sent Events and report text as it arrives. @default true */
  readonly stream?: boolean;
  readonly onText?: (text: string) => void;
  readonly onDelegation?: (delegation: Delegation) => void;
  /**
   * The contract the agent serves: an A2A agent is sent `message/send` by an A2A client
   * (not streamed). @default 'HTTP'
   */
  readonly protocol?: Protocol;
}

/** What came back: the session (to continue it) and the agent's answer. */
export interface InvokeResult {
  readonly sessionId: string;
  readonly response: string;
  readonly delegations: readonly Delegation[];
  /** The whole answer object when the agent is a generated one. */
  readonly raw?: AgentResponse;
}

/** The local endpoint checks no signature, but the SDK signs every request with something. */
const LOCAL_SIGNING_KEYS = {
  accessKeyId: LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
};

/** A session id AgentCore accepts (33 to 256 characters) that says where it came from. */
export function newSessionId(): string {
  return `cli-${randomUUID()}`;
}

/**
 * Invokes an agent through InvokeAgentRuntime, streaming when asked.
 * @throws the SDK's exception (RuntimeClientError, ResourceNotFoundException, ...) as is
 */
export async function invokeAgent(options: InvokeOptions): Promise<InvokeResult> {
  const region = parseRuntimeArn(options.arn)?.region;
  if (!region) {
    throw new Error(
      `"${options.arn}" is not an AgentCore runtime ARN; expected arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>`,
    );
  }
  const local = options.endpointUrl !== undefined;
  const client = new BedrockAgentCoreClient({
    region,
    ...(local
      ? {
          endpoint: options.endpointUrl,
          credentials: LOCAL_SIGNING_KEYS,
        }
      : {}),
  });
  const sessionId = options.sessionId ?? newSessionId();
  if (options.protocol === 'A2A') return invokeA2A(options, region, sessionId);
  const stream = options.stream ?? true;
  const out = await client.send(
    new InvokeAgentRuntimeCommand({
      agentRuntimeArn: options.arn,
      qualifier: DEFAULT_QUALIFIER,
      runtimeSessionId: sessionId,
      contentType: 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      payload: new TextEncoder().encode(JSON.stringify({ prompt: options.prompt })),
    }),
  );
  const contentType = out.contentType ?? '';
  const body = out.response as unknown as AsyncIterable<Uint8Array> | undefined;
  if (!contentType.includes('text/event-stream') || !body) {
    const text = (await out.response?.transformToString()) ?? '';
    const answer = readAnswer(text, contentType);
    if (answer.error !== undefined) throw new Error(answer.error);
    for (const d of answer.delegations ?? []) options.onDelegation?.(d);
    options.onText?.(answer.text);
    return { sessionId, response: answer.text, delegations: answer.delegations ?? [] };
  }
  const decoder = new SseDecoder();
  const utf8 = new TextDecoder();
  const delegations: Delegation[] = [];
  let text = '';
  let result: AgentResponse | undefined;
  const take = (events: ReturnType<SseDecoder['push']>) => {
    for (const { event, data } of events) {
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        value = data;
      }
      if (event === 'error') {
        throw new Error(
          `the agent failed while streaming: ${(value as { error?: string })?.error ?? data}`,
        );
      }
      // Other runtimes stream plain text or JSON strings: shown as text, as readAnswer reads them.
      if (typeof value !== 'object' || value === null || !('type' in value)) {
        const chunk = typeof value === 'string' ? value : JSON.stringify(value);
        text += chunk;
        options.onText?.(chunk);
        continue;
      }
      const streamed = value as StreamEvent;
      if (streamed.type === 'text') {
        text += streamed.text;
        options.onText?.(streamed.text);
      } else if (streamed.type === 'delegation') {
        delegations.push(streamed.delegation);
        options.onDelegation?.(streamed.delegation);
      } else if (streamed.type === 'result') {
        const { type: _type, ...rest } = streamed;
        result = rest;
      }
    }
  };
  for await (const chunk of body) take(decoder.push(utf8.decode(chunk, { stream: true })));
  take(decoder.end());
  return {
    sessionId,
    response: result?.response ?? text,
    delegations: result?.delegations ?? delegations,
    ...(result ? { raw: result } : {}),
  };
}

/** Calls an A2A agent the way a generated caller does: `message/send`, signed, in the session. */
async function invokeA2A(
  options: InvokeOptions,
  region: string,
  sessionId: string,
): Promise<InvokeResult> {
  const transport =
    options.endpointUrl === undefined
      ? new A2APeerTransport()
      : new A2APeerTransport(
          { ...process.env, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: options.endpointUrl },
          LOCAL_SIGNING_KEYS,
        );
  const answer = await transport.send(
    region,
    options.arn,
    options.prompt,
    sessionId,
    AbortSignal.timeout(A2A_INVOKE_TIMEOUT_MS),
  );
  if (answer.error !== undefined) throw new Error(answer.error);
  const delegations = answer.delegations ?? [];
  for (const d of delegations) options.onDelegation?.(d);
  options.onText?.(answer.text);
  return { sessionId, response: answer.text, delegations };
}

/** How long `invoke` waits for an A2A answer: AgentCore's own limit for a synchronous call. */
const A2A_INVOKE_TIMEOUT_MS = 15 * 60 * 1000;

/** A delegation as one line: `→ researcher (call_researcher) ok 12 ms`, nested ones indented. */
export function formatDelegation(d: Delegation, depth = 0): string[] {
  const head = `${'  '.repeat(depth)}→ ${d.agent} (${d.tool}) ${d.ok ? 'ok' : 'FAILED'} ${d.durationMs} ms${d.attempts > 1 ? `, ${d.attempts} attempts` : ''}${d.error ? `: ${d.error}` : ''}`;
  return [head, ...(d.delegations ?? []).flatMap((n) => formatDelegation(n, depth + 1))];
}
