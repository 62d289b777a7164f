import { randomUUID } from 'node:crypto';
import {
  createServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { Message, ToolSpec } from '@strands-agents/sdk';
import { countWords, planTurn } from '../agent-runtime/offline-plan';
import { sendServiceError } from './service-error';

/**
 * A local stand-in for Amazon Bedrock Runtime's `Converse` and `ConverseStream`, on their
 * real wire: `POST /model/{modelId}/converse-stream` answers in AWS event-stream frames
 * (encoded by the AWS SDK's own codec), `POST /model/{modelId}/converse` in JSON. Agents'
 * real Bedrock provider reaches it through `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, so the
 * Bedrock code path (model id, region, tool specs, tool results, usage) runs with no AWS.
 * It speaks HTTP/2, as the AWS SDK's Bedrock Runtime client does to stream (cleartext here,
 * with prior knowledge). What it answers is up to a script; by default the offline
 * model's plan.
 */

/** A `Converse` request body, as the wire carries it. */
export interface ConverseRequest {
  readonly messages: ReadonlyArray<{ role: 'user' | 'assistant'; content: ContentBlock[] }>;
  readonly system?: ReadonlyArray<{ text?: string }>;
  readonly toolConfig?: {
    readonly tools?: ReadonlyArray<{
      toolSpec?: { name: string; description?: string; inputSchema?: { json?: unknown } };
    }>;
  };
  readonly inferenceConfig?: Record<string, unknown>;
}

/** A content block of the wire format. */
export type ContentBlock = {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: unknown };
  toolResult?: {
    toolUseId: string;
    status?: 'success' | 'error';
    content?: Array<{ text?: string; json?: unknown }>;
  };
};

/** One request as it reached the stand-in. */
export interface BedrockCall {
  readonly modelId: string;
  /** The Region the caller signed for (from its SigV4 credential scope). */
  readonly region?: string;
  readonly streamed: boolean;
  readonly request: ConverseRequest;
}

/** What the model says next: text, or calls of named tools with their input. */
export type BedrockReply =
  | { readonly text: string; readonly usage?: TokenUsage }
  | {
      readonly toolUses: ReadonlyArray<{ name: string; input: unknown }>;
      readonly usage?: TokenUsage;
    };

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Decides each answer from the request; the calls so far are there to read. */
export type BedrockScript = (call: BedrockCall) => BedrockReply;

/**
 * The default script: the offline model's plan (call the tools whose descriptions match
 * the prompt, then answer from their results), with word counts as usage.
 */
export const plannedReply: BedrockScript = ({ request }) => {
  const tools = (request.toolConfig?.tools ?? []).flatMap((t) =>
    t.toolSpec ? [{ name: t.toolSpec.name, description: t.toolSpec.description ?? '' }] : [],
  ) as ToolSpec[];
  // The wire does not say which agent calls: the answers name the stand-in instead.
  const plan = planTurn('bedrock', strandsMessages(request), tools);
  const read =
    countWords(JSON.stringify(request.messages)) + countWords(JSON.stringify(request.system ?? []));
  if (plan.kind === 'tool') {
    const input = { query: plan.query };
    return {
      toolUses: plan.tools.map((tool) => ({ name: tool, input })),
      usage: {
        inputTokens: read,
        outputTokens: countWords(JSON.stringify(input)) * plan.tools.length,
      },
    };
  }
  return { text: plan.text, usage: { inputTokens: read, outputTokens: countWords(plan.text) } };
};

/** The stand-in server. */
export class LocalBedrockRuntime {
  /** Every request received, in order. */
  public readonly calls: BedrockCall[] = [];
  private server?: Http2Server;
  private readonly sessions = new Set<Http2Session>();
  private readonly codec = new EventStreamCodec(
    (bytes) => new TextDecoder().decode(bytes),
    (text) => new TextEncoder().encode(text),
  );

  constructor(private readonly script: BedrockScript = plannedReply) {}

  /** @returns the URL to put in AWS_ENDPOINT_URL_BEDROCK_RUNTIME */
  public async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) sendServiceError(res, 500, 'InternalServerException', error.message);
        else res.destroy(error);
      });
    });
    server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(
      new URL(req.url ?? '/', 'http://localhost').pathname,
    );
    if (req.method !== 'POST' || !match) {
      sendServiceError(
        res,
        404,
        'UnknownOperationException',
        `${req.method} ${req.url} is not a Converse operation`,
      );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConverseRequest;
    const call: BedrockCall = {
      modelId: decodeURIComponent(match[1]),
      region: /Credential=[^/]+\/\d{8}\/([^/]+)\/bedrock\//.exec(
        String(req.headers.authorization),
      )?.[1],
      streamed: match[2] === 'converse-stream',
      request,
    };
    this.calls.push(call);
    const reply = this.script(call);
    const usage = reply.usage ?? { inputTokens: 0, outputTokens: 0 };
    const totals = { ...usage, totalTokens: usage.inputTokens + usage.outputTokens };
    const blocks: ContentBlock[] =
      'text' in reply
        ? [{ text: reply.text }]
        : reply.toolUses.map((t) => ({
            toolUse: { toolUseId: `tooluse_${randomUUID()}`, name: t.name, input: t.input },
          }));
    const stopReason = 'text' in reply ? 'end_turn' : 'tool_use';
    if (!call.streamed) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
      res.end(
        JSON.stringify({
          output: { message: { role: 'assistant', content: blocks } },
          stopReason,
          usage: totals,
          metrics: { latencyMs: 1 },
        }),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
    });
    const event = (type: string, body: unknown) =>
      res.write(
        this.codec.encode({
          headers: {
            ':event-type': { type: 'string', value: type },
            ':content-type': { type: 'string', value: 'application/json' },
            ':message-type': { type: 'string', value: 'event' },
          },
          body: new TextEncoder().encode(JSON.stringify(body)),
        }),
      );
    event('messageStart', { role: 'assistant' });
    blocks.forEach((block, index) => {
      if (block.toolUse) {
        const { toolUseId, name, input } = block.toolUse;
        event('contentBlockStart', {
          contentBlockIndex: index,
          start: { toolUse: { toolUseId, name } },
        });
        event('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { toolUse: { input: JSON.stringify(input) } },
        });
      } else {
        // Text arrives word by word, as from a hosted model.
        for (const piece of block.text?.match(/\S+\s*/g) ?? [block.text ?? '']) {
          event('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } });
        }
      }
      event('contentBlockStop', { contentBlockIndex: index });
    });
    event('messageStop', { stopReason });
    event('metadata', { usage: totals, metrics: { latencyMs: 1 } });
    res.end();
  }
}

/** The wire's messages in Strands' shape, for the offline model's planner. */
function strandsMessages(request: ConverseRequest): Message[] {
  return request.messages.map((m) => ({
    role: m.role,
    content: m.content.flatMap((block): unknown[] => {
      if (block.text !== undefined) return [{ type: 'textBlock', text: block.text }];
      if (block.toolUse) return [{ type: 'toolUseBlock', ...block.toolUse }];
      if (block.toolResult) {
        return [
          {
            type: 'toolResultBlock',
            toolUseId: block.toolResult.toolUseId,
            status: block.toolResult.status ?? 'success',
            content: (block.toolResult.content ?? []).map((c) =>
              c.text !== undefined
                ? { type: 'textBlock', text: c.text }
                : { type: 'jsonBlock', json: c.json },
            ),
          },
        ];
      }
      return [];
    }),
  })) as unknown as Message[];
}
