import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { MODEL_PROVIDERS, type ModelProvider } from '../agent-runtime/config';
import { modelSummary } from '../agent-runtime/model-provider';
import { bundleSystemForDev, devBundleEntry } from '../build/dev-bundle';
import { AgentGraph, type AgentNode } from '../graph/agent-graph';
import { AGENTS_FILE } from '../layout';
import { loadSystemFile } from '../spec/load';
import type { Protocol } from '../spec/schema';
import { agentEnv, sharedAgentEnv } from './agent-env';
import { AgentProcess } from './agent-process';
import { LocalBedrockRuntime } from './bedrock-runtime';
import { LocalDataPlane, type LocalRuntime, newPageToken } from './endpoint';
import { HopLog } from './hop-log';
import { inspectorPages, inspectorSystem } from './inspector';
import { limit } from './limit';
import { localRuntimeArn } from './local-arn';
import { memoryRoutes } from './memory-routes';
import { openLocalMemory } from './memory-store';
import { oneAtATime } from './one-at-a-time';
import { freePort } from './ports';
import { claimDevState, devCacheDir, removeDevState, writeDevState } from './state';
import { devSummary, hopLine } from './summary';
import { type SourceWatch, watchSources } from './watch';

/** How to run a system locally. */
export interface DevOptions {
  /** The generated project's root. @default process.cwd() */
  readonly projectDir?: string;
  /** Port of the local AgentCore endpoint; 0 picks a free one. @default 0 */
  readonly endpointPort?: number;
  /**
   * Interface the endpoint listens on. Anything but loopback lets other machines invoke
   * every agent with this machine's AWS credentials; agents themselves always stay on
   * 127.0.0.1. @default '127.0.0.1'
   */
  readonly endpointHost?: string;
  /**
   * The model provider for every agent, or `bedrock-local`: the real Bedrock provider
   * against a local stand-in for Bedrock Runtime (see `LocalBedrockRuntime`), so the
   * Bedrock code path runs with no AWS. @default AGENT_MODEL_PROVIDER, else `bedrock`
   * when AWS credentials are configured, else `offline` (with a notice)
   */
  readonly model?: DevModel;
  /** Restart an agent when its source changes. @default true */
  readonly watch?: boolean;
  /**
   * When agents start: `all` at once before `start` resolves, or `on-first-call`, each
   * when the endpoint first receives a call for it, as AgentCore starts a runtime for a
   * new session (a cold start the caller waits for). @default 'all'
   */
  readonly startAgents?: 'all' | 'on-first-call';
  /** Extra environment for every agent (e.g. PEER_CALL_TIMEOUT_MS). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where lines go. @default console.log */
  readonly log?: (line: string) => void;
}

/** What answers for the agents of a local system: a provider, or Bedrock's local stand-in. */
export type DevModel = ModelProvider | 'bedrock-local';

/** The choices of {@link DevModel}, for command-line checks. */
export const DEV_MODELS: readonly DevModel[] = [...MODEL_PROVIDERS, 'bedrock-local'];

/** One agent of a running local system. */
export interface DevAgent {
  readonly name: string;
  readonly directory: string;
  readonly port: number;
  /** The local ARN any AWS SDK or the AWS CLI invokes it by, through the endpoint. */
  readonly arn: string;
  /** Which model answers, in words. */
  readonly model: string;
  /** The contract it serves: HTTP, or A2A. */
  readonly protocol: Protocol;
  /** The process id while it runs. */
  readonly pid: number | undefined;
}

interface Member {
  readonly node: AgentNode;
  readonly port: number;
  readonly arn: string;
  readonly model: string;
  readonly runtime: LocalRuntime;
  process: AgentProcess;
  restarting?: Promise<void>;
  pending?: boolean;
  /** The start under way when a call arrives for an agent not yet running. */
  starting?: Promise<void>;
}

/**
 * A generated system running on one machine: the agents bundled together, each started as
 * its own process on its own port, behind a local endpoint that speaks the AgentCore data-plane
 * API. Each agent's AWS SDK points at that endpoint by configuration, so the generated
 * bindings run unchanged, through the real SDK, as they do on AgentCore.
 */
export class DevSystem {
  /**
   * Opens the endpoint, bundles the system and starts every agent (or each on its first call).
   * @throws SpecError for an invalid agents.json; Error naming the agent that did not build or start
   */
  public static async start(options: DevOptions = {}): Promise<DevSystem> {
    const projectDir = resolve(options.projectDir ?? process.cwd());
    const spec = loadSystemFile(join(projectDir, AGENTS_FILE));
    const graph = AgentGraph.fromSpec(spec);
    claimDevState(projectDir);
    let system: DevSystem;
    try {
      system = new DevSystem(projectDir, graph, options);
    } catch (error) {
      // Nothing started yet (an unknown model provider, say): only the claim to release, or
      // the next start in this process would take it for a running dev.
      await removeDevState(projectDir);
      throw error;
    }
    try {
      await system.boot(options.endpointPort ?? 0, options.endpointHost ?? '127.0.0.1');
    } catch (error) {
      await system.close();
      throw error;
    }
    return system;
  }

  public endpointUrl = '';
  private readonly members = new Map<string, Member>();
  private readonly endpoint: LocalDataPlane;
  private sources?: SourceWatch;
  private readonly startSlots = limit(availableParallelism());
  private readonly log: (line: string) => void;
  /** Bedrock Runtime's local stand-in, with `--model bedrock-local`. */
  private readonly bedrock?: LocalBedrockRuntime;
  private readonly baseEnv: NodeJS.ProcessEnv;
  /** Where the system's bundle is written (see `bundleSystemForDev`). */
  private readonly bundleDir: string;
  /**
   * Bundles the system, one build at a time: the agents share one bundle, so the build for
   * one agent's change is the build for all. Calls that arrive while a build runs share the
   * one after it, which reads every change made meanwhile.
   */
  private readonly bundle = oneAtATime(() =>
    bundleSystemForDev(
      this.projectDir,
      this.graph.agents.map((node) => node.names.directory),
      this.bundleDir,
    ),
  );
  /** The id of the system's local memory, when it has one. */
  public readonly memoryId?: string;
  private closed = false;

  private constructor(
    private readonly projectDir: string,
    public readonly graph: AgentGraph,
    private readonly options: DevOptions,
  ) {
    this.log = options.log ?? ((line) => console.log(line));
    this.bundleDir = join(devCacheDir(projectDir), 'dev');
    const hops = new HopLog(graph.spec.prices);
    const pageToken = newPageToken();
    const memory = openLocalMemory(projectDir, graph.spec);
    this.memoryId = memory?.memoryId;
    this.endpoint = new LocalDataPlane({
      hops,
      pageToken,
      pages: inspectorPages({ hops, pageToken, system: () => inspectorSystem(graph, this.agents) }),
      ...(memory ? { memory: memoryRoutes(memory) } : {}),
    });
    this.endpoint.hops.subscribe((hop) => {
      if (hop.state !== 'running') this.log(hopLine(hop));
    });
    if (options.model === 'bedrock-local') this.bedrock = new LocalBedrockRuntime();
    const shared = sharedAgentEnv({
      projectDir,
      region: graph.spec.region,
      env: { ...process.env, ...options.env },
      ...(options.model
        ? { provider: options.model === 'bedrock-local' ? 'bedrock' : options.model }
        : {}),
    });
    this.baseEnv = shared.env;
    if (shared.offlineForLackOfCredentials) {
      this.log(
        'Notice: no AWS credentials found, so every agent answers with the offline model (deterministic, no network). Configure AWS credentials, or set AGENT_MODEL_PROVIDER=openai with OPENAI_BASE_URL and OPENAI_MODEL_ID for a local LLM.',
      );
    }
  }

  /**
   * The secret of this run that the endpoint's own page sends with every request that
   * changes something (see `PAGE_TOKEN_HEADER`); other pages cannot learn it.
   */
  public get pageToken(): string {
    return this.endpoint.pageToken;
  }

  /** Every agent, in spec order (the orchestrator first). */
  public get agents(): DevAgent[] {
    return [...this.members.values()].map((m) => this.view(m));
  }

  /** The agent of that name. @throws Error listing the agents when there is none */
  public agent(name: string): DevAgent {
    return this.view(this.member(name));
  }

  /** Bundles the system again and restarts this agent on the same port and ARN. */
  public async restart(name: string): Promise<void> {
    const member = this.member(name);
    if (member.restarting) {
      member.pending = true;
      return member.restarting;
    }
    member.restarting = (async () => {
      try {
        do {
          member.pending = false;
          const started = performance.now();
          await this.bundle();
          // close() may have run while bundling: starting now would orphan the process.
          if (this.closed) return;
          await member.process.stop();
          member.process = this.process(member);
          await this.startProcess(member);
          this.log(`${name} restarted in ${Math.round(performance.now() - started)} ms`);
        } while (member.pending && !this.closed);
      } catch (error) {
        this.log(`${name} was not restarted: ${(error as Error).message}`);
      } finally {
        member.restarting = undefined;
      }
    })();
    return member.restarting;
  }

  /** Stops every agent and the endpoint. */
  public async close(): Promise<void> {
    this.closed = true;
    this.sources?.close();
    await Promise.all([...this.members.values()].map((m) => m.restarting));
    // A member whose process was never set up (boot failed early) has nothing to stop.
    await Promise.all([...this.members.values()].map((m) => m.process?.stop()));
    await this.endpoint.close();
    await this.bedrock?.close();
    await removeDevState(this.projectDir);
  }

  private async boot(endpointPort: number, endpointHost: string): Promise<void> {
    this.endpointUrl = await this.endpoint.listen(endpointPort, endpointHost);
    this.baseEnv.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE = this.endpointUrl;
    if (this.bedrock) {
      this.baseEnv.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = await this.bedrock.listen();
      this.log(
        `Bedrock Runtime stand-in: ${this.baseEnv.AWS_ENDPOINT_URL_BEDROCK_RUNTIME} (ConverseStream on its real wire; answers by the offline model's plan)`,
      );
    }
    for (const node of this.graph.agents) {
      const port = await freePort();
      const arn = localRuntimeArn(this.graph.spec.region, node.names.runtimeName);
      const lazy = this.options.startAgents === 'on-first-call';
      const runtime: LocalRuntime = {
        arn,
        agent: node.spec.name,
        protocol: node.spec.protocol,
        ...(lazy ? { start: () => this.ensureRunning(node.spec.name) } : {}),
      };
      const model = modelSummary(node.spec.modelId, this.baseEnv);
      this.members.set(node.spec.name, {
        node,
        port,
        arn,
        model,
        runtime,
        process: undefined as never,
      });
      this.endpoint.register(runtime);
    }
    // Processes are set up once every ARN is known: a caller's environment names its callees'.
    for (const member of this.members.values()) member.process = this.process(member);
    const { durationMs } = await this.bundle();
    this.log(
      durationMs === 0
        ? `The bundle of ${this.graph.agents.length} agents is current`
        : `Bundled ${this.graph.agents.length} agents in ${durationMs} ms`,
    );
    if (this.options.startAgents !== 'on-first-call') {
      await Promise.all([...this.members.values()].map((m) => this.startProcess(m)));
    }
    if (this.options.watch ?? true) {
      this.sources = watchSources({
        projectDir: this.projectDir,
        agents: this.agents,
        onSourceChange: (name) => void this.restart(name),
        log: this.log,
      });
    }
    await writeDevState(this.projectDir, {
      pid: process.pid,
      endpointUrl: this.endpointUrl,
      region: this.graph.spec.region,
      agents: Object.fromEntries(this.agents.map((a) => [a.name, { arn: a.arn, port: a.port }])),
    });
    this.log(
      devSummary({
        endpointUrl: this.endpointUrl,
        region: this.graph.spec.region,
        agents: this.agents,
        ...(this.memoryId
          ? { memory: { id: this.memoryId, longTerm: this.graph.spec.memory?.longTerm ?? [] } }
          : {}),
        startsOnFirstCall: this.options.startAgents === 'on-first-call',
      }),
    );
  }

  /**
   * Starts an agent's process when a start slot is free. Starting an agent is CPU-bound
   * (loading its bundle), so starting more at once than there are cores makes every one
   * slower, none sooner, and on a busy machine pushes each past its start timeout.
   */
  private startProcess(member: Member): Promise<void> {
    return this.startSlots(async () => {
      // close() may have run while this start waited for its slot.
      if (!this.closed) await member.process.start();
    });
  }

  /** Starts an agent that is not running, once however many calls wait for it. */
  private async ensureRunning(name: string): Promise<void> {
    const member = this.member(name);
    if (member.restarting) await member.restarting;
    if (member.process.running || this.closed) return;
    if (!member.starting) {
      const started = performance.now();
      member.starting = this.startProcess(member)
        .then(() =>
          this.log(
            `${name} started on its first call in ${Math.round(performance.now() - started)} ms`,
          ),
        )
        .finally(() => {
          member.starting = undefined;
        });
    }
    return member.starting;
  }

  private process(member: Member): AgentProcess {
    const { node } = member;
    member.runtime.port = member.port;
    return new AgentProcess({
      name: node.spec.name,
      bundle: devBundleEntry(this.bundleDir, node.names.directory),
      port: member.port,
      env: agentEnv(this.baseEnv, {
        modelId: node.spec.modelId,
        protocol: node.spec.protocol,
        arn: member.arn,
        endpointUrl: this.endpointUrl,
        callees: this.graph.callees(node.spec.name).map((edge) => ({
          envVar: edge.callee.names.envVar,
          arn: this.member(edge.callee.spec.name).arn,
        })),
        ...(this.memoryId && node.spec.memory ? { memoryId: this.memoryId } : {}),
      }),
      log: this.log,
      onExit: (code, signal) =>
        this.log(
          `${node.spec.name} stopped (${signal ?? `exit code ${code}`}); callers get RuntimeClientError until it restarts when its source changes`,
        ),
    });
  }

  private member(name: string): Member {
    const member = this.members.get(name);
    if (!member) {
      throw new Error(
        `No agent named "${name}"; this system has ${[...this.members.keys()].join(', ')}`,
      );
    }
    return member;
  }

  private view(member: Member): DevAgent {
    return {
      name: member.node.spec.name,
      directory: member.node.names.directory,
      port: member.port,
      arn: member.arn,
      model: member.model,
      protocol: member.node.spec.protocol,
      pid: member.process.pid,
    };
  }
}
