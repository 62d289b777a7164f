import type { AgentSpec, SystemSpec } from '../spec/schema';
import { type AgentNames, agentNames } from './names';
import { deployLevels } from './topology';

/** An agent of the graph: its spec, its derived names and its place in the deploy order. */
export interface AgentNode {
  readonly spec: AgentSpec;
  readonly names: AgentNames;
  /** 0 for agents that call nobody; one more than the highest callee otherwise. */
  readonly level: number;
}

/**
 * One delegation link. Everything a link implies is derived from this object alone: the
 * caller's tool binding (`callee.names.toolName`), the caller's environment variable
 * (`callee.names.envVar`), the invoke grant on exactly the callee's runtime, and the
 * deploy order (the callee's runtime exists before the caller's).
 */
export interface Edge {
  readonly caller: AgentNode;
  readonly callee: AgentNode;
  /**
   * Whether the call carries the caller's user id (`runtimeUserId`), which takes its own
   * permission on the callee: true when the callee uses memory, where the user is the
   * actor its records belong to.
   */
  readonly forwardsUser: boolean;
}

/**
 * The agents of a validated system and who calls whom. Construct it from a spec that
 * `validateSystem` returned; it assumes the graph is acyclic and every call resolves.
 */
export class AgentGraph {
  /** Builds the graph of a validated spec. */
  public static fromSpec(spec: SystemSpec): AgentGraph {
    return new AgentGraph(spec);
  }

  public readonly spec: SystemSpec;
  /** Agents in spec order (the orchestrator first). */
  public readonly agents: readonly AgentNode[];
  /** Every caller → callee link, callers in spec order, callees in `calls` order. */
  public readonly edges: readonly Edge[];
  /** Agents grouped by deploy level: level 0 first; agents of one level may deploy in parallel. */
  public readonly levels: readonly (readonly AgentNode[])[];
  /** Callees before callers: a valid deploy order. */
  public readonly deployOrder: readonly AgentNode[];

  private readonly byName: ReadonlyMap<string, AgentNode>;

  private constructor(spec: SystemSpec) {
    this.spec = spec;
    const levelNames = deployLevels(new Map(spec.agents.map((a) => [a.name, a.calls])));
    const levelOf = new Map(
      levelNames.flatMap((names, level) => names.map((n) => [n, level] as const)),
    );
    this.agents = spec.agents.map((agent) => ({
      spec: agent,
      names: agentNames(spec.name, agent.name, spec.stage),
      level: levelOf.get(agent.name) ?? 0,
    }));
    this.byName = new Map(this.agents.map((node) => [node.spec.name, node]));
    this.edges = this.agents.flatMap((caller) =>
      caller.spec.calls.map((name) => {
        const callee = this.agent(name);
        return { caller, callee, forwardsUser: callee.spec.memory };
      }),
    );
    this.levels = levelNames.map((names) => names.map((n) => this.agent(n)));
    this.deployOrder = this.levels.flat();
  }

  /** The entry point of the system. */
  public get orchestrator(): AgentNode {
    return this.agents[0];
  }

  /** The agent of that name. @throws Error when there is none */
  public agent(name: string): AgentNode {
    const node = this.byName.get(name);
    if (!node) throw new Error(`No agent named "${name}" in system "${this.spec.name}"`);
    return node;
  }

  /** The links on which `name` is the caller, in its `calls` order. */
  public callees(name: string): readonly Edge[] {
    return this.edges.filter((e) => e.caller.spec.name === name);
  }

  /** The links on which `name` is the callee, in caller order. */
  public callers(name: string): readonly Edge[] {
    return this.edges.filter((e) => e.callee.spec.name === name);
  }
}
