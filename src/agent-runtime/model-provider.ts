import {
  MODEL_ID_ENV,
  MODEL_PROVIDER_ENV,
  MODEL_PROVIDERS,
  type ModelProvider,
  OPENAI_BASE_URL_ENV,
  OPENAI_MODEL_ENV,
} from './config';

// Which provider the environment names, without loading any: `dev` and the servers' start
// lines read it, and loading Strands' models for that would cost `dev` half a second.

/**
 * The provider named by `AGENT_MODEL_PROVIDER` (default `bedrock`).
 * @throws Error naming the variable, its value and the accepted ones
 */
export function modelProvider(env: NodeJS.ProcessEnv = process.env): ModelProvider {
  const raw = env[MODEL_PROVIDER_ENV];
  if (raw === undefined || raw === '') return 'bedrock';
  const value = raw.toLowerCase();
  if (!(MODEL_PROVIDERS as readonly string[]).includes(value)) {
    throw new Error(
      `${MODEL_PROVIDER_ENV}="${raw}" is not a model provider; use one of ${MODEL_PROVIDERS.join(', ')}`,
    );
  }
  return value as ModelProvider;
}

/** The model the environment selects, in a few words: `bedrock <id>`, `openai <id> at <url>`, `offline`. */
export function modelSummary(modelId: string, env: NodeJS.ProcessEnv = process.env): string {
  const provider = modelProvider(env);
  if (provider === 'offline') return 'offline';
  if (provider === 'openai') {
    return `openai ${env[OPENAI_MODEL_ENV] ?? '(OPENAI_MODEL_ID unset)'} at ${env[OPENAI_BASE_URL_ENV] ?? '(OPENAI_BASE_URL unset)'}`;
  }
  return `bedrock ${env[MODEL_ID_ENV] || modelId}`;
}
