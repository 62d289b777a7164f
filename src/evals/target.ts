import { MODEL_PROVIDER_ENV } from '../agent-runtime/config';
import { localRuntimeArn } from '../dev/local-arn';
import { readDevState } from '../dev/state';
import { type DevModel, DevSystem } from '../dev/system';
import { findInvokeTarget } from '../dev/targets';
import type { AgentGraph } from '../graph/agent-graph';

/** What the cases run against, as reports name it. */
export interface EvalTarget {
  /** `local`: a system eval started; `endpoint`: a running `dev`; `deployed`: AWS. */
  readonly kind: 'local' | 'endpoint' | 'deployed';
  /** The orchestrator's runtime ARN. */
  readonly arn: string;
  readonly endpointUrl?: string;
  /** The model the agents answered with, in words, when eval started them. */
  readonly model?: string;
  /** The cases file, as given. */
  readonly casesFile: string;
}

/** Where to send the cases. */
export interface TargetOptions {
  /** A running `dev`'s endpoint. */
  readonly endpoint?: string;
  /** The deployed system, by the stack outputs (as `invoke --deployed` finds it). */
  readonly deployed?: boolean;
  /**
   * The stage of the deployed system.
   * @default - the only stage, or none for a system without stages
   */
  readonly stage?: string;
  /**
   * The stack outputs file of the deployed system.
   * @default - what `deploy` writes: `cdk-outputs.json`, or `cdk-outputs.<stage>.json`
   */
  readonly outputsFile?: string;
  /**
   * The model of the system eval starts itself.
   * @default AGENT_MODEL_PROVIDER when set, else the offline model
   */
  readonly model?: DevModel;
}

/** A target ready for requests, and what to do when they are done. */
export interface OpenTarget {
  readonly target: EvalTarget;
  /** How long starting a local system took; undefined for one that was running already. */
  readonly startMs?: number;
  /** The last lines the system eval started printed, for when a call fails. */
  readonly recentLines: () => readonly string[];
  /** Stops the system eval started; nothing for any other. */
  close(): Promise<void>;
}

/**
 * The orchestrator to evaluate: of a running `dev` (`endpoint`), of the deployed system,
 * or, when neither is asked for, of a local system started here on the offline model
 * unless a model provider is configured: an evaluation must not spend on a hosted model
 * unasked.
 * @throws Error when a `dev` already runs in the project (naming its endpoint), when nothing
 * answers at `endpoint`, when the system does not start, or when the deployed stack's
 * outputs are missing
 */
export async function openTarget(
  projectDir: string,
  graph: AgentGraph,
  casesFile: string,
  options: TargetOptions,
): Promise<OpenTarget> {
  const orchestrator = graph.orchestrator;
  const idle = { recentLines: () => [], close: async () => undefined };
  if (options.deployed) {
    const found = await findInvokeTarget(projectDir, orchestrator.spec.name, {
      deployed: true,
      stage: options.stage,
      ...(options.outputsFile ? { outputsFile: options.outputsFile } : {}),
    });
    return { ...idle, target: { kind: 'deployed', arn: found.arn, casesFile } };
  }
  if (options.endpoint !== undefined) {
    await expectAnswer(options.endpoint);
    const arn = localRuntimeArn(graph.spec.region, orchestrator.names.runtimeName);
    return { ...idle, target: { kind: 'endpoint', arn, endpointUrl: options.endpoint, casesFile } };
  }
  const running = await readDevState(projectDir);
  if (running) {
    throw new Error(
      `dev is already running in this project (process ${running.pid}); evaluate it with --endpoint ${running.endpointUrl}, or stop it and eval starts a system of its own`,
    );
  }
  const lines: string[] = [];
  const started = performance.now();
  const system = await DevSystem.start({
    projectDir,
    watch: false,
    // Every agent up front, so that no case's time holds an agent's cold start.
    startAgents: 'all',
    model: options.model ?? (process.env[MODEL_PROVIDER_ENV] ? undefined : 'offline'),
    log: (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    },
  });
  const agent = system.agent(orchestrator.spec.name);
  return {
    target: {
      kind: 'local',
      arn: agent.arn,
      endpointUrl: system.endpointUrl,
      model: agent.model,
      casesFile,
    },
    startMs: Math.round(performance.now() - started),
    recentLines: () => [...lines],
    close: () => system.close(),
  };
}

/**
 * Fails at once when nothing answers at the endpoint, rather than once per case. Any HTTP
 * answer will do: an AgentCore-compatible endpoint other than `dev` need not serve `/ping`.
 * @throws Error naming the endpoint, why it cannot be reached and what to start
 */
async function expectAnswer(endpoint: string): Promise<void> {
  try {
    const response = await fetch(new URL('/ping', endpoint), {
      signal: AbortSignal.timeout(ENDPOINT_PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${ENDPOINT_PROBE_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Error(
      `nothing answers at ${endpoint} (${why}); start the system there with "npx projen dev", or leave --endpoint out and eval starts one itself`,
    );
  }
}

/** How long a running `dev`, which answers `/ping` at once, may take to do so. */
const ENDPOINT_PROBE_TIMEOUT_MS = 5000;
