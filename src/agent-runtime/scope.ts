import type { AnswerReport, Delegation } from './protocol';
import type { TraceHeaders } from './trace-context';
import { addUsage, type Usage } from './usage';

/**
 * What one invocation's tools and hooks share with the server answering it: the session
 * to carry, where delegations and model usage are recorded, and the trace it continues.
 */
export interface InvocationScope {
  /** The caller's own AgentCore session id. */
  readonly sessionId: string;
  /**
   * The user id the invocation came with (`runtimeUserId`); delegations to agents that
   * keep memory carry it on.
   */
  readonly userId?: string;
  /** Every delegation of this invocation, in the order they ended. */
  readonly delegations: Delegation[];
  /** Told about each delegation as it ends (the SSE stream forwards it). */
  readonly onDelegation?: (delegation: Delegation) => void;
  /** This invocation's own model usage so far. */
  usage: Usage;
  /** The model that answered, once it has been called. */
  model?: string;
  /** The trace context the invocation arrived with; delegations continue it. */
  readonly trace?: TraceHeaders;
}

/** Where an HTTP agent's server puts the scope, in Strands' invocation state. */
export const INVOCATION_SCOPE_KEY = 'agentcoreMultiagent';

/**
 * The scope of each A2A request being answered, by its request context. Strands' A2A
 * executor hands tools and hooks only that context (`a2aRequestContext` in the
 * invocation state), so they find the scope through it.
 */
export const A2A_REQUEST_SCOPES = new WeakMap<object, InvocationScope>();

/** The scope an invocation state leads to, on either server; undefined outside one. */
export function scopeOf(state: Record<string, unknown> | undefined): InvocationScope | undefined {
  if (!state) return undefined;
  const direct = state[INVOCATION_SCOPE_KEY] as InvocationScope | undefined;
  if (direct) return direct;
  const context = state.a2aRequestContext;
  return typeof context === 'object' && context !== null
    ? A2A_REQUEST_SCOPES.get(context)
    : undefined;
}

/**
 * What an answer reports (see `AnswerReport`), from the scope of the invocation that
 * produced it: the agent's own usage, and the total with every delegation's.
 */
export function reportOf(agentName: string, scope: InvocationScope): AnswerReport {
  return {
    agent: agentName,
    ...(scope.model ? { model: scope.model } : {}),
    usage: scope.usage,
    totalUsage: addUsage(scope.usage, ...scope.delegations.map((d) => d.totalUsage)),
    delegations: scope.delegations,
  };
}
