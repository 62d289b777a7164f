import { MEMORY_ID_ENV } from '../agent-runtime/memory-contract';

/**
 * AgentCore's limits on what a system may be, and what each costs: validation enforces
 * them and the constructs spend within them, reading the same numbers.
 */

/** The longest runtime name AgentCore accepts (its pattern: a letter, then letters, digits, underscores). */
export const MAX_RUNTIME_NAME_LENGTH = 48;

/** What an agent name may contain: a letter, then letters, digits and underscores. */
export const AGENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/**
 * Environment variables every runtime carries besides one per callee. AgentCore allows
 * 50 variables per runtime, so each of these costs a callee: only the model id travels
 * this way (it can change without touching user-owned code); an agent's own name and its
 * system's are known when its code is generated and are baked in there.
 */
export const BASE_ENVIRONMENT_KEYS = ['MODEL_ID'] as const;

/** AgentCore's limit on environment variables per runtime. */
export const MAX_ENVIRONMENT_VARIABLES = 50;

/**
 * How many agents one agent may call: one variable per callee, within AgentCore's limit.
 * An agent that uses the system's memory has one fewer (see {@link maxCallees}).
 */
export const MAX_CALLEES = MAX_ENVIRONMENT_VARIABLES - BASE_ENVIRONMENT_KEYS.length;

/**
 * The variable an agent that uses its system's memory carries besides the base ones: the
 * memory's id. Agents of a system without memory, and agents that opt out, do without it.
 */
export const MEMORY_ENVIRONMENT_KEY = MEMORY_ID_ENV;

/** How many agents an agent may call, given whether it carries the memory's id too. */
export function maxCallees(usesMemory: boolean): number {
  return MAX_CALLEES - (usesMemory ? 1 : 0);
}
