import {
  type BaseModelConfig,
  type Message,
  Model,
  type ModelStreamEvent,
  type StreamOptions,
} from '@strands-agents/sdk';
import {
  MODEL_ID_ENV,
  MODEL_PROVIDER_ENV,
  type ModelProvider,
  OPENAI_API_KEY_ENV,
  OPENAI_BASE_URL_ENV,
  OPENAI_MODEL_ENV,
} from './config';
import { modelProvider } from './model-provider';
import { OfflineModel } from './offline-model';

/** What an agent asks of its model; the environment decides which provider serves it. */
export interface ModelChoice {
  /** The agent the model speaks for (the offline model names it in its answers). */
  readonly agentName: string;
  /** The Bedrock model id from the spec; `MODEL_ID` in the environment wins over it. */
  readonly modelId: string;
  /** Bedrock region; defaults to the SDK's (`AWS_REGION`). */
  readonly region?: string;
}

/** A chosen model and a line a person can read about it. */
export interface SelectedModel {
  readonly provider: ModelProvider;
  readonly model: Model;
  readonly description: string;
}

/**
 * Chooses the model at run time, from the environment:
 * - `bedrock` (default): Amazon Bedrock with `MODEL_ID` or the spec's model id;
 * - `openai`: any OpenAI-compatible chat endpoint (`OPENAI_BASE_URL`, `OPENAI_MODEL_ID`,
 *   `OPENAI_API_KEY`), such as a local LLM server; needs the `openai` package installed;
 * - `offline`: the deterministic {@link OfflineModel}, for tests and machines with no model.
 * @throws Error when the settings are incomplete, naming what to set
 */
export function selectModel(choice: ModelChoice, env: NodeJS.ProcessEnv = process.env): Model {
  return describeModel(choice, env).model;
}

/** Like {@link selectModel}, with a description for start-up logs. */
export function describeModel(
  choice: ModelChoice,
  env: NodeJS.ProcessEnv = process.env,
): SelectedModel {
  const provider = modelProvider(env);
  if (provider === 'offline') {
    return {
      provider,
      model: new OfflineModel({ agentName: choice.agentName }),
      description: 'offline (deterministic, no network)',
    };
  }
  if (provider === 'openai') {
    const baseURL = env[OPENAI_BASE_URL_ENV];
    const modelId = env[OPENAI_MODEL_ENV];
    if (!baseURL || !modelId) {
      throw new Error(
        `${MODEL_PROVIDER_ENV}=openai needs ${OPENAI_BASE_URL_ENV} (e.g. http://127.0.0.1:11434/v1) and ${OPENAI_MODEL_ENV} (e.g. llama3.2)`,
      );
    }
    const apiKey = env[OPENAI_API_KEY_ENV] ?? 'local';
    return {
      provider,
      model: new LazyModel(modelId, async (config) => {
        try {
          const { OpenAIModel } = await import('@strands-agents/sdk/models/openai');
          return new OpenAIModel({
            api: 'chat',
            modelId: config.modelId,
            apiKey,
            clientConfig: { baseURL },
          });
        } catch (error) {
          throw new Error(
            `${MODEL_PROVIDER_ENV}=openai needs the "openai" package: set openAiProvider: true in .projenrc.ts and run "npx projen" (or scaffold with --openai), then bundle again (${(error as Error).message})`,
          );
        }
      }),
      description: `openai-compatible ${modelId} at ${baseURL}`,
    };
  }
  const modelId = env[MODEL_ID_ENV] || choice.modelId;
  return {
    provider,
    model: new LazyModel(modelId, async (config) => {
      const { BedrockModel } = await import('@strands-agents/sdk/models/bedrock');
      return new BedrockModel({
        ...config,
        modelId: config.modelId,
        ...(choice.region ? { region: choice.region } : {}),
      });
    }),
    description: `bedrock ${modelId}`,
  };
}

/**
 * A provider loaded on its first model call: Amazon Bedrock's and OpenAI's clients are
 * large, and an agent loads only the one it runs on, after it already answers `/ping`,
 * so every cold start (every new AgentCore session) pays less. The OpenAI provider also
 * needs the optional `openai` package, which Bedrock agents never load.
 */
class LazyModel extends Model<BaseModelConfig> {
  private config: BaseModelConfig;
  private inner?: Promise<Model>;

  constructor(
    modelId: string,
    private readonly load: (config: BaseModelConfig & { modelId: string }) => Promise<Model>,
  ) {
    super();
    this.config = { modelId };
  }

  public updateConfig(modelConfig: BaseModelConfig): void {
    this.config = { ...this.config, ...modelConfig };
  }

  public getConfig(): BaseModelConfig {
    return this.config;
  }

  public async *stream(
    messages: Message[],
    options?: StreamOptions,
  ): AsyncGenerator<ModelStreamEvent, void, undefined> {
    this.inner ??= this.load({ ...this.config, modelId: this.config.modelId ?? '' });
    yield* (await this.inner).stream(messages, options);
  }
}
