/**
 * What a generated agent answers on `/invocations`. The first three fields match the
 * reference pattern (`status`, `agent`, `response`), so its clients keep working; the
 * rest say what the answer cost and where it went.
 */
import type { Usage } from './usage';

/**
 * What every answer reports besides its text: who answered with which model, the tokens
 * its own model calls took, the tokens of the whole answer with every nested delegation,
 * and the delegations themselves.
 */
export interface AnswerReport {
  /** The agent that answered. */
  readonly agent: string;
  /** The model id its answer came from (`offline` for the offline model). */
  readonly model?: string;
  /** Tokens of this agent's own model calls for this answer. */
  readonly usage?: Usage;
  /** `usage` plus the `totalUsage` of every delegation: what the whole answer took. */
  readonly totalUsage?: Usage;
  readonly delegations: readonly Delegation[];
}

/** One delegated call, as the caller saw it. */
export interface Delegation {
  /** The callee's agent name. */
  readonly agent: string;
  /** The tool the caller's model used: `call_<agent>`. */
  readonly tool: string;
  /** The `runtimeSessionId` sent, derived from the caller's session. */
  readonly sessionId: string;
  readonly ok: boolean;
  /** Wall time of the call, retries and backoff included. */
  readonly durationMs: number;
  /** How many requests were sent (more than one after throttling or a transient failure). */
  readonly attempts: number;
  /** What went wrong, as the caller's model was told; absent when `ok`. */
  readonly error?: string;
  /** The model the callee answered with, when it said. */
  readonly model?: string;
  /** Tokens of the callee's own model calls, when it reported them. */
  readonly usage?: Usage;
  /** Tokens of the callee's whole answer, its own delegations included. */
  readonly totalUsage?: Usage;
  /** The callee's own delegations, when it reported them. */
  readonly delegations?: readonly Delegation[];
}

/** A JSON answer of `/invocations`. */
export interface AgentResponse extends AnswerReport {
  readonly status: 'success';
  readonly sessionId: string;
  readonly response: string;
}

/**
 * The `data` of each Server-Sent Event when a caller asks for a stream
 * (`Accept: text/event-stream`): text as it is generated, each delegation as it ends,
 * and last the same object a JSON caller gets.
 */
export type StreamEvent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'delegation'; readonly delegation: Delegation }
  | ({ readonly type: 'result' } & AgentResponse);

/** What a caller sends: the reference pattern's payload. */
export interface InvocationPayload {
  readonly prompt: string;
}

/**
 * Checks a payload and says exactly what is wrong with it.
 * @returns the problem, or undefined when the payload is valid
 */
export function payloadProblem(body: unknown): string | undefined {
  const example = 'send a JSON object such as {"prompt": "Summarise the news"}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `the payload must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}; ${example}`;
  }
  const prompt = (body as Record<string, unknown>).prompt;
  if (prompt === undefined) return `the payload has no "prompt" field; ${example}`;
  if (typeof prompt !== 'string') {
    return `"prompt" must be a string, not ${prompt === null ? 'null' : typeof prompt}; ${example}`;
  }
  if (prompt.trim().length === 0) return `"prompt" is empty; ${example}`;
  return undefined;
}
