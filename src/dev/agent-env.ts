import { join } from 'node:path';
import { localizeUrl, RUNTIME_URL_ENV, runtimeUrl } from '../agent-runtime/a2a-contract';
import { MODEL_ID_ENV, MODEL_PROVIDER_ENV, type ModelProvider } from '../agent-runtime/config';
import { MEMORY_ID_ENV } from '../agent-runtime/memory-contract';
import { modelProvider } from '../agent-runtime/model-provider';
import type { Protocol } from '../spec/schema';
import { awsCredentialsConfigured, LOCAL_CREDENTIALS } from './credentials';
import { devCacheDir } from './state';

/** The environment every agent of a local system starts from. */
export interface SharedAgentEnv {
  readonly env: NodeJS.ProcessEnv;
  /**
   * Whether the agents answer offline only because nothing named a provider and no AWS
   * credentials were found: `dev` says so, and how to change it.
   */
  readonly offlineForLackOfCredentials: boolean;
}

/**
 * What every agent is told: the region, the model provider (the one given, else
 * AGENT_MODEL_PROVIDER, else `bedrock` with AWS credentials and `offline` without), and
 * local credentials for the endpoint when there are none.
 * @throws Error naming AGENT_MODEL_PROVIDER when it names no provider
 */
export function sharedAgentEnv(options: {
  readonly projectDir: string;
  readonly region: string;
  /** dev's environment, with the variables given for every agent. */
  readonly env: NodeJS.ProcessEnv;
  /** The provider asked for, if any. */
  readonly provider?: ModelProvider;
}): SharedAgentEnv {
  const { env } = options;
  const configured = options.provider ?? (env[MODEL_PROVIDER_ENV] ? modelProvider(env) : undefined);
  const credentials = awsCredentialsConfigured(env);
  const provider = configured ?? (credentials ? 'bedrock' : 'offline');
  return {
    env: {
      ...env,
      ...(credentials ? {} : LOCAL_CREDENTIALS),
      AWS_REGION: options.region,
      [MODEL_PROVIDER_ENV]: provider,
      // V8's compile cache takes about a quarter off every restart after the first.
      NODE_COMPILE_CACHE:
        env.NODE_COMPILE_CACHE ?? join(devCacheDir(options.projectDir), 'compile'),
    },
    offlineForLackOfCredentials: !configured && !credentials,
  };
}

/** What one agent is told beyond the shared environment, as AgentCore would tell it. */
export function agentEnv(
  shared: NodeJS.ProcessEnv,
  agent: {
    readonly modelId: string;
    readonly protocol: Protocol;
    readonly arn: string;
    /** The local endpoint. */
    readonly endpointUrl: string;
    /** Each callee's ARN, by the variable its binding reads it from. */
    readonly callees: ReadonlyArray<{ readonly envVar: string; readonly arn: string }>;
    /** The system's local memory, when this agent uses it. */
    readonly memoryId?: string;
  },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...shared };
  // A deployed runtime gets its model id by MODEL_ID unless one is set for every agent.
  if (!shared[MODEL_ID_ENV]) env[MODEL_ID_ENV] = agent.modelId;
  // What AgentCore tells an A2A container: the URL its card advertises, where the runtime
  // is reached. Here that is the local endpoint, so any A2A client that reads the card
  // talks to the local agent; generated callers need no card (see A2APeerTransport).
  if (agent.protocol === 'A2A') {
    env[RUNTIME_URL_ENV] = localizeUrl(runtimeUrl(agent.arn), agent.endpointUrl);
  }
  for (const callee of agent.callees) env[callee.envVar] = callee.arn;
  if (agent.memoryId) env[MEMORY_ID_ENV] = agent.memoryId;
  return env;
}
