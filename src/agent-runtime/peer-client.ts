import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { A2APeerTransport } from './a2a-client';
import { type PeerAnswer, readAnswer } from './answer';
import {
  DEFAULT_PEER_ATTEMPTS,
  DEFAULT_PEER_TIMEOUT_MS,
  PEER_ATTEMPTS_ENV,
  PEER_TIMEOUT_ENV,
  positiveIntegerEnv,
} from './config';
import { DEFAULT_QUALIFIER, parseRuntimeArn } from './contract';
import type { Delegation } from './protocol';
import { deriveRuntimeSessionId } from './session';
import { inDelegationSpan, type TraceHeaders } from './trace-context';

/** What a caller knows about one callee; generated bindings fill it from the agent graph. */
export interface PeerTarget {
  /** The callee's agent name. */
  readonly agent: string;
  /** The caller's tool for it, `call_<agent>`. */
  readonly toolName: string;
  /** The environment variable holding the callee's runtime ARN. */
  readonly envVar: string;
  /**
   * The contract the callee serves: `HTTP` (InvokeAgentRuntime, JSON) or `A2A` (the A2A
   * protocol's JSON-RPC against the callee's runtime URL). @default 'HTTP'
   */
  readonly protocol?: 'HTTP' | 'A2A';
  /**
   * Whether calls carry the caller's user id (`runtimeUserId`): the callee keeps memory,
   * per user. Naming a user takes its own permission, granted on exactly such callees.
   * @default false
   */
  readonly forwardsUser?: boolean;
}

/** Tuning of delegated calls; defaults come from the environment, then from AgentCore-sized values. */
export interface PeerClientOptions {
  /** Per-attempt limit in milliseconds. @default PEER_CALL_TIMEOUT_MS or 300000 */
  readonly timeoutMs?: number;
  /** Attempts for throttling and transient failures. @default PEER_CALL_MAX_ATTEMPTS or 3 */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles per attempt, with jitter. @default 250 */
  readonly baseDelayMs?: number;
  /** Environment to read ARNs and settings from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The outcome of one delegated call: the text for the caller's model and the record. */
export interface PeerCallResult {
  readonly text: string;
  readonly delegation: Delegation;
}

/** Why a call failed, and whether trying again can help. */
interface Failure {
  readonly message: string;
  readonly retryable: boolean;
}

/**
 * Calls other agents through `InvokeAgentRuntime`, the way AgentCore runtimes reach each
 * other, so the same code runs deployed and locally (where the SDK's endpoint variable
 * points it at the `dev` command's data-plane endpoint). It never throws for a callee's
 * failure: throttling, a callee's error (424), a timeout or a missing ARN all become a
 * failed result whose text the caller's model can read and answer from.
 */
export class PeerClient {
  private readonly clients = new Map<string, BedrockAgentCoreClient>();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly env: NodeJS.ProcessEnv;
  private a2a?: A2APeerTransport;
  private sdk?: Promise<typeof import('@aws-sdk/client-bedrock-agentcore')>;

  constructor(options: PeerClientOptions = {}) {
    this.env = options.env ?? process.env;
    this.timeoutMs =
      options.timeoutMs ?? positiveIntegerEnv(PEER_TIMEOUT_ENV, DEFAULT_PEER_TIMEOUT_MS, this.env);
    this.maxAttempts =
      options.maxAttempts ?? positiveIntegerEnv(PEER_ATTEMPTS_ENV, DEFAULT_PEER_ATTEMPTS, this.env);
    this.baseDelayMs = options.baseDelayMs ?? 250;
  }

  /**
   * Sends `query` to the callee within the caller's session, as a span of the caller's
   * trace (see `inDelegationSpan`).
   * @param trace the trace context the caller's invocation arrived with
   * @param userId the user the caller's invocation came with; sent only to a callee that
   * `forwardsUser`
   */
  public async call(
    target: PeerTarget,
    query: string,
    callerSessionId: string,
    trace?: TraceHeaders,
    userId?: string,
  ): Promise<PeerCallResult> {
    let text = '';
    const user = target.forwardsUser ? userId : undefined;
    const delegation = await inDelegationSpan(
      target.agent,
      target.toolName,
      trace,
      async (outgoing) => {
        const result = await this.attempt(target, query, callerSessionId, outgoing, user);
        text = result.text;
        return result.delegation;
      },
    );
    return { text, delegation };
  }

  private async attempt(
    target: PeerTarget,
    query: string,
    callerSessionId: string,
    trace: TraceHeaders,
    userId: string | undefined,
  ): Promise<PeerCallResult> {
    const started = performance.now();
    const sessionId = deriveRuntimeSessionId(callerSessionId);
    let attempts = 0;
    const record = (ok: boolean, extra: Partial<Delegation>): Delegation => ({
      agent: target.agent,
      tool: target.toolName,
      sessionId,
      ok,
      durationMs: Math.round(performance.now() - started),
      attempts,
      ...extra,
    });

    const arn = this.env[target.envVar];
    const parsed = arn ? parseRuntimeArn(arn) : undefined;
    if (!arn || !parsed) {
      const message = arn
        ? `${target.envVar}="${arn}" is not an AgentCore runtime ARN (arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>); the deployment sets it, and "dev" sets it locally`
        : `${target.envVar} is not set, so ${target.agent} cannot be reached; the deployment sets it, and "dev" sets it locally`;
      return { text: message, delegation: record(false, { error: message }) };
    }
    const { region } = parsed;

    let failure: Failure = { message: 'not attempted', retryable: false };
    while (attempts < this.maxAttempts) {
      attempts++;
      try {
        const answer =
          target.protocol === 'A2A'
            ? await this.sendA2A(region, arn, query, sessionId, trace, userId)
            : await this.send(region, arn, query, sessionId, trace, userId);
        if (answer.error === undefined) {
          const { text, error: _error, ...report } = answer;
          return { text, delegation: record(true, report) };
        }
        failure = {
          message: `${target.agent} answered with an error: ${answer.error}`,
          retryable: false,
        };
      } catch (error) {
        failure = classify(target.agent, error, this.timeoutMs);
      }
      if (!failure.retryable || attempts >= this.maxAttempts) break;
      const cap = this.baseDelayMs * 2 ** (attempts - 1);
      await sleep(cap / 2 + Math.random() * (cap / 2));
    }
    const message =
      attempts > 1 ? `${failure.message} (gave up after ${attempts} attempts)` : failure.message;
    return { text: message, delegation: record(false, { error: message }) };
  }

  /**
   * The AWS SDK client of a Region. Loaded on the first delegation: an agent that calls
   * nobody, or has not yet, starts without it.
   */
  private async client(region: string): Promise<BedrockAgentCoreClient> {
    this.sdk ??= import('@aws-sdk/client-bedrock-agentcore');
    const sdk = await this.sdk;
    let client = this.clients.get(region);
    if (!client) {
      // One retry policy, ours: it records attempts and bounds the total time.
      client = new sdk.BedrockAgentCoreClient({ region, maxAttempts: 1 });
      this.clients.set(region, client);
    }
    return client;
  }

  private sendA2A(
    region: string,
    arn: string,
    query: string,
    sessionId: string,
    trace: TraceHeaders,
    userId: string | undefined,
  ): Promise<PeerAnswer> {
    this.a2a ??= new A2APeerTransport(this.env);
    return this.a2a.send(
      region,
      arn,
      query,
      sessionId,
      AbortSignal.timeout(this.timeoutMs),
      trace,
      userId,
    );
  }

  private async send(
    region: string,
    arn: string,
    query: string,
    sessionId: string,
    trace: TraceHeaders,
    userId: string | undefined,
  ): Promise<PeerAnswer> {
    const client = await this.client(region);
    const { InvokeAgentRuntimeCommand } = await (this.sdk as NonNullable<typeof this.sdk>);
    const output = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: arn,
        qualifier: DEFAULT_QUALIFIER,
        runtimeSessionId: sessionId,
        ...(userId ? { runtimeUserId: userId } : {}),
        contentType: 'application/json',
        // A JSON answer arrives whole; SSE from other kinds of agents is read all the same.
        accept: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt: query })),
        traceParent: trace.traceparent,
        traceState: trace.tracestate,
        baggage: trace.baggage,
      }),
      { abortSignal: AbortSignal.timeout(this.timeoutMs) },
    );
    const body = (await output.response?.transformToString()) ?? '';
    return readAnswer(body, output.contentType ?? '');
  }
}

function classify(agent: string, error: unknown, timeoutMs: number): Failure {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      message: `${agent} did not answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}; answer without it or try a smaller request`,
      retryable: false,
    };
  }
  if (
    name === 'ThrottlingException' ||
    name === 'ServiceQuotaExceededException' ||
    status === 429
  ) {
    return { message: `${agent} is busy (${name}); try again later`, retryable: true };
  }
  if (name === 'RuntimeClientError' || status === 424) {
    return { message: `${agent} failed: ${e.message ?? name}`, retryable: false };
  }
  if (name === 'ResourceNotFoundException' || name === 'AccessDeniedException') {
    return {
      message: `${agent} cannot be invoked (${name}: ${e.message}); check its ARN and this runtime's invoke permission`,
      retryable: false,
    };
  }
  const transient =
    (status !== undefined && status >= 500) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code ?? '') ||
    name === 'InternalServerException';
  return {
    message: `${agent} could not be reached: ${name}: ${e.message ?? ''}`.trim(),
    retryable: transient,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
