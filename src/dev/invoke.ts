import { randomUUID } from 'node:crypto';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { A2APeerTransport } from '../agent-runtime/a2a-client';
import { readAnswer } from '../agent-runtime/answer';
import { DEFAULT_QUALIFIER, parseRuntimeArn } from '../agent-runtime/contract';
import type {
  AgentResponse,
  AnswerReport,
  Delegation,
  StreamEvent,
} from '../agent-runtime/protocol';
import { SseDecoder } from '../agent-runtime/sse';
import type { Usage } from '../agent-runtime/usage';
import { formatUsd, type ModelPrice, totalCostUsd } from '../spec/prices';
import type { Protocol } from '../spec/schema';
import { LOCAL_CREDENTIALS } from './credentials';

/** One call to an agent, local or deployed. */
export interface InvokeOptions {
  readonly arn: string;
  readonly prompt: string;
  /** @default a new id per call */
  readonly sessionId?: string;
  /**
   * The user the call is made for (`runtimeUserId`): agents that keep memory keep it per
   * user. @default none: such agents keep it for the user `default-user`
   */
  readonly userId?: string;
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

/** What came back: the session (to continue it), the agent's answer and what it reported. */
export interface InvokeResult extends Partial<Omit<AnswerReport, 'delegations'>> {
  readonly sessionId: string;
  readonly response: string;
  readonly delegations: readonly Delegation[];
  /** Wall time of the call as the caller saw it. */
  readonly durationMs: number;
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
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  if (options.protocol === 'A2A') return invokeA2A(options, region, sessionId, ms);
  const stream = options.stream ?? true;
  const out = await client.send(
    new InvokeAgentRuntimeCommand({
      agentRuntimeArn: options.arn,
      qualifier: DEFAULT_QUALIFIER,
      runtimeSessionId: sessionId,
      ...(options.userId ? { runtimeUserId: options.userId } : {}),
      contentType: 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      payload: new TextEncoder().encode(JSON.stringify({ prompt: options.prompt })),
    }),
  );
  const contentType = out.contentType ?? '';
  const body = out.response as unknown as AsyncIterable<Uint8Array> | undefined;
  if (!contentType.includes('text/event-stream') || !body) {
    const text = (await out.response?.transformToString()) ?? '';
    const { text: response, error, delegations = [], ...report } = readAnswer(text, contentType);
    if (error !== undefined) throw new Error(error);
    for (const d of delegations) options.onDelegation?.(d);
    options.onText?.(response);
    return { sessionId, response, delegations, durationMs: ms(), ...report };
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
    durationMs: ms(),
    ...(result
      ? {
          raw: result,
          agent: result.agent,
          model: result.model,
          usage: result.usage,
          totalUsage: result.totalUsage,
        }
      : {}),
  };
}

/** Calls an A2A agent the way a generated caller does: `message/send`, signed, in the session. */
async function invokeA2A(
  options: InvokeOptions,
  region: string,
  sessionId: string,
  ms: () => number,
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
    {},
    options.userId,
  );
  const { text: response, error, delegations = [], ...report } = answer;
  if (error !== undefined) throw new Error(error);
  for (const d of delegations) options.onDelegation?.(d);
  options.onText?.(response);
  return { sessionId, response, delegations, durationMs: ms(), ...report };
}

/** How long `invoke` waits for an A2A answer: AgentCore's own limit for a synchronous call. */
const A2A_INVOKE_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * A delegation as one line, nested ones indented below it: callee, tool, outcome, time,
 * and what the call took in all (tokens, estimated cost by each hop's model):
 * `→ researcher (call_researcher) ok 12 ms · 1,234 tokens · $0.0041`.
 */
export function formatDelegation(
  d: Delegation,
  prices?: Readonly<Record<string, ModelPrice>>,
  depth = 0,
): string[] {
  const head = `${'  '.repeat(depth)}→ ${d.agent} (${d.tool}) ${d.ok ? 'ok' : 'FAILED'} ${d.durationMs} ms${d.attempts > 1 ? `, ${d.attempts} attempts` : ''}${spent(d.totalUsage, d, prices)}${d.error ? `: ${d.error}` : ''}`;
  return [head, ...(d.delegations ?? []).flatMap((n) => formatDelegation(n, prices, depth + 1))];
}

/**
 * The line that closes an answer: who answered, in how long, and what the whole request
 * took, its own share beside it.
 */
export function formatAnswerSummary(
  result: InvokeResult,
  prices?: Readonly<Record<string, ModelPrice>>,
): string {
  const { usage, totalUsage } = result;
  const own =
    usage && totalUsage && usage.totalTokens !== totalUsage.totalTokens
      ? ` (${tokens(usage)} its own)`
      : '';
  const cost = totalUsage ? totalCostUsd(result, prices) : undefined;
  return [
    `${result.agent ?? 'the agent'} answered in ${result.durationMs} ms`,
    ...(totalUsage ? [`${tokens(totalUsage)} tokens in all${own}`] : []),
    ...(cost === undefined ? [] : [formatUsd(cost)]),
  ].join(' · ');
}

/** ` · 1,234 tokens · $0.0041`, or less when the hop reported less. */
function spent(
  usage: Usage | undefined,
  hop: Parameters<typeof totalCostUsd>[0],
  prices: Readonly<Record<string, ModelPrice>> | undefined,
): string {
  if (!usage) return '';
  const cost = totalCostUsd(hop, prices);
  return ` · ${tokens(usage)} tokens${cost === undefined ? '' : ` · ${formatUsd(cost)}`}`;
}

function tokens(usage: Usage): string {
  return usage.totalTokens.toLocaleString('en-US');
}
