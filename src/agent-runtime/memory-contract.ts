import { createHash } from 'node:crypto';

/**
 * What agents, the deployed AgentCore Memory and `dev`'s stand-in for it agree on: the
 * variable and header an agent learns its memory and its user from, how a runtime's
 * session and user become a memory's session and actor, and where an actor's long-term
 * records live. Each stated once here.
 */

/** The variable that carries the system memory's id to every agent that uses it. */
export const MEMORY_ID_ENV = 'BEDROCK_AGENTCORE_MEMORY_ID';

/** The header in which AgentCore passes an invocation's `runtimeUserId` to the agent. */
export const USER_ID_HEADER = 'x-amzn-bedrock-agentcore-runtime-user-id';

/**
 * The actor of a session whose caller passed no user id. Every such session shares it, so
 * long-term records of callers who send no `runtimeUserId` are pooled.
 */
export const DEFAULT_ACTOR_ID = 'default-user';

/**
 * Where long-term strategies keep an actor's records: every strategy's namespace starts
 * here, so one hierarchical retrieval under it reaches all of them, and nothing of
 * another actor.
 */
export const ACTOR_NAMESPACE_TEMPLATE = '/actors/{actorId}';

/**
 * The event metadata key naming the agent whose conversation an event belongs to: the
 * agents of a system share one memory and, through delegation, one session id, and each
 * restores only its own turns.
 */
export const AGENT_METADATA_KEY = 'agent';

/** AgentCore Memory's session ids: at most 100 letters, digits, hyphens and underscores. */
const MEMORY_SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;
/**
 * The actor ids used here: letters, digits, hyphens and underscores. The service allows
 * `/` and `:` too, but a `/` would nest one actor's namespace inside another's.
 */
const MEMORY_ACTOR_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;

/**
 * The memory session of a runtime session. AgentCore runtime session ids have 33 to 256
 * characters of any kind; one that is not a valid memory session id is replaced by a
 * readable prefix and a hash of itself, stable for the session and distinct between sessions.
 */
export function memorySessionId(runtimeSessionId: string): string {
  return MEMORY_SESSION_ID.test(runtimeSessionId) ? runtimeSessionId : hashedId(runtimeSessionId);
}

/** The actor of an invocation: its user id made a valid actor id, or {@link DEFAULT_ACTOR_ID}. */
export function memoryActorId(userId: string | undefined): string {
  if (!userId) return DEFAULT_ACTOR_ID;
  return MEMORY_ACTOR_ID.test(userId) ? userId : hashedId(userId);
}

/** The namespace path that holds every long-term record of an actor (with a trailing `/`). */
export function actorNamespacePath(actorId: string): string {
  return `${ACTOR_NAMESPACE_TEMPLATE.replace('{actorId}', actorId)}/`;
}

/** `Ada-Lovelace-example-com-<32 hex>`: up to 35 readable characters and a hash. */
function hashedId(value: string): string {
  const prefix = value
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 35);
  const digest = createHash('sha256').update(value).digest('hex').slice(0, 32);
  return prefix ? `${prefix}-${digest}` : digest;
}
