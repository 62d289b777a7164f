import { createHash } from 'node:crypto';

/** AgentCore's bounds on `runtimeSessionId`. */
export const MIN_SESSION_ID_LENGTH = 33;
export const MAX_SESSION_ID_LENGTH = 256;

/**
 * The session id a delegated call carries, derived from the caller's own session.
 *
 * A valid id passes through unchanged, so one conversation can be followed across every
 * agent it touches and the callee keeps its memory for as long as the caller's session
 * lives. An id AgentCore would refuse (shorter than 33 or longer than 256 characters, as
 * a direct local call may send) is extended or shortened with a hash of itself: still
 * stable within the session and distinct between sessions.
 */
export function deriveRuntimeSessionId(callerSessionId: string): string {
  const id = callerSessionId;
  if (id.length >= MIN_SESSION_ID_LENGTH && id.length <= MAX_SESSION_ID_LENGTH) return id;
  const digest = createHash('sha256').update(id).digest('hex');
  if (id.length < MIN_SESSION_ID_LENGTH) return `${id}-${digest}`;
  return `${id.slice(0, MAX_SESSION_ID_LENGTH - 65)}-${digest}`;
}
