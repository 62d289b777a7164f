/**
 * The environment variables an agent reads at run time. AgentCore sets only `MODEL_ID` and
 * one `<NAME>_AGENT_ARN` per callee; everything else here exists for running agents on
 * one machine (the `dev` command sets them) or for tuning, with defaults that suit
 * AgentCore.
 */

/** Which model provider answers: `bedrock` (default), `openai` or `offline`. */
export const MODEL_PROVIDER_ENV = 'AGENT_MODEL_PROVIDER';
/** The Bedrock model id, set on every deployed runtime (see `BASE_ENVIRONMENT_KEYS`). */
export const MODEL_ID_ENV = 'MODEL_ID';
/** Base URL of an OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1` for a local LLM. */
export const OPENAI_BASE_URL_ENV = 'OPENAI_BASE_URL';
/** The model an OpenAI-compatible server should run, e.g. `llama3.2`. */
export const OPENAI_MODEL_ENV = 'OPENAI_MODEL_ID';
/** API key for the OpenAI-compatible server; local servers accept any value. */
export const OPENAI_API_KEY_ENV = 'OPENAI_API_KEY';
/** Interface the agent listens on; AgentCore requires 0.0.0.0, `dev` uses 127.0.0.1. */
export const HOST_ENV = 'AGENT_HOST';
/**
 * Set at image build time: load the agent, write V8's compile cache (NODE_COMPILE_CACHE)
 * and exit without serving, so every cold start reads compiled code instead of parsing.
 */
export const PREPARE_ONLY_ENV = 'AGENT_PREPARE_COMPILE_CACHE';
/** Port the agent listens on; AgentCore requires 8080. */
export const PORT_ENV = 'PORT';
/** How long one delegated call may take before the caller gives up, in milliseconds. */
export const PEER_TIMEOUT_ENV = 'PEER_CALL_TIMEOUT_MS';
/** How many times a delegated call is tried when the service throttles or fails transiently. */
export const PEER_ATTEMPTS_ENV = 'PEER_CALL_MAX_ATTEMPTS';
/** How many sessions an agent keeps in memory before forgetting the least recently used. */
export const MAX_SESSIONS_ENV = 'AGENT_MAX_SESSIONS';

export const MODEL_PROVIDERS = ['bedrock', 'openai', 'offline'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** Defaults sized for AgentCore: a model turn of a callee can take minutes. */
export const DEFAULT_PEER_TIMEOUT_MS = 300_000;
export const DEFAULT_PEER_ATTEMPTS = 3;
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_PORT = 8080;

/**
 * Reads a positive integer setting.
 * @throws Error naming the variable, its value and what to set instead
 */
export function positiveIntegerEnv(
  name: string,
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(
      `${name}="${raw}" is not a positive whole number; set it to e.g. ${fallback}, or unset it for the default (${fallback})`,
    );
  }
  return value;
}
