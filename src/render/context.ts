import type { AgentGraph, AgentNode } from '../graph/agent-graph';
import { memoryName } from '../graph/memory-names';
import { type AgentNames, agentNames, stackName } from '../graph/names';
import type { AgentSpec, SystemSpec } from '../spec/schema';
import { stageNames, stageSpec } from '../spec/stages';

/** What templates see of one agent: its spec and derived names, and its place in the graph. */
export interface AgentView extends Omit<AgentSpec, 'calls'>, AgentNames {
  readonly isOrchestrator: boolean;
  readonly level: number;
  /** Mermaid node id: an `a_` prefix keeps words such as `end` from being read as keywords. */
  readonly nodeId: string;
  /** The agents it calls, as views (names, tool names, variables). */
  readonly callees: readonly AgentView[];
  /** The same, each with what its link carries (see `Edge`). */
  readonly calleeLinks: ReadonlyArray<{
    readonly callee: AgentView;
    readonly forwardsUser: boolean;
  }>;
  readonly callerNames: readonly string[];
  /** Its runtime's name in each stage, in stage order; empty for a system without stages. */
  readonly stageRuntimeNames: readonly string[];
}

/** What templates see of one stage: where it deploys, and with which models. */
export interface StageView {
  readonly name: string;
  readonly stack: string;
  /** Undefined when the stage deploys to the account the CDK CLI resolves. */
  readonly account: string | undefined;
  readonly region: string;
  readonly networkMode: string;
  readonly modelId: string;
  /** Agents whose model in this stage is not the stage's own. */
  readonly otherModels: ReadonlyArray<{ readonly agent: string; readonly modelId: string }>;
}

/** What templates see of a whole system. */
export interface SystemView {
  readonly name: string;
  readonly region: string;
  readonly networkMode: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly modelId: string;
  /** Whether the system's memory has long-term strategies (false without memory). */
  readonly longTermMemory: boolean;
  /** The system's memory; undefined when it has none. */
  readonly memory:
    | {
        readonly name: string;
        /** One memory per stage, in stage order; empty for a system without stages. */
        readonly stageNames: readonly string[];
        readonly expiryDays: number;
        readonly longTerm: readonly string[];
        /** Agents that opted out. */
        readonly without: readonly string[];
      }
    | undefined;
  /** The stages, in the order given; empty for a system without stages. */
  readonly stages: readonly StageView[];
  readonly agents: readonly AgentView[];
  readonly orchestrator: AgentView;
  readonly edges: ReadonlyArray<{ readonly caller: AgentView; readonly callee: AgentView }>;
  /** Deploy levels, highest first (the orchestrator's level on top, as a diagram reads). */
  readonly levelsTopDown: ReadonlyArray<{
    readonly level: number;
    readonly agents: readonly AgentView[];
  }>;
}

/** Builds the one view model every template renders from. */
export function systemView(graph: AgentGraph): SystemView {
  const stages = stageNames(graph.spec);
  const views = new Map<string, AgentView>();
  const view = (node: AgentNode): AgentView => {
    const known = views.get(node.spec.name);
    if (known) return known;
    const { spec, names } = node;
    const { calls: _callees, ...fields } = spec;
    const built: AgentView = {
      ...fields,
      ...names,
      isOrchestrator: spec.role === 'orchestrator',
      level: node.level,
      nodeId: `a_${names.snake}`,
      callees: graph.callees(spec.name).map((e) => view(e.callee)),
      calleeLinks: graph
        .callees(spec.name)
        .map((e) => ({ callee: view(e.callee), forwardsUser: e.forwardsUser })),
      callerNames: graph.callers(spec.name).map((e) => e.caller.spec.name),
      stageRuntimeNames: stages.map(
        (stage) => agentNames(graph.spec.name, spec.name, stage).runtimeName,
      ),
    };
    views.set(spec.name, built);
    return built;
  };
  const agents = graph.agents.map(view);
  const { spec } = graph;
  return {
    name: spec.name,
    region: spec.region,
    networkMode: spec.network.mode,
    subnetIds: spec.network.mode === 'VPC' ? spec.network.subnetIds : [],
    securityGroupIds: spec.network.mode === 'VPC' ? spec.network.securityGroupIds : [],
    modelId: spec.modelId,
    longTermMemory: (spec.memory?.longTerm.length ?? 0) > 0,
    memory: spec.memory && {
      name: memoryName(spec.name),
      stageNames: stages.map((stage) => memoryName(spec.name, stage)),
      expiryDays: spec.memory.expiryDays,
      longTerm: spec.memory.longTerm,
      without: spec.agents.filter((a) => !a.memory).map((a) => a.name),
    },
    stages: stages.map((stage) => stageView(spec, stage)),
    agents,
    orchestrator: agents[0],
    edges: graph.edges.map((e) => ({ caller: view(e.caller), callee: view(e.callee) })),
    levelsTopDown: graph.levels
      .map((nodes, level) => ({ level, agents: nodes.map(view) }))
      .reverse(),
  };
}

function stageView(spec: SystemSpec, stage: string): StageView {
  const view = stageSpec(spec, stage);
  return {
    name: stage,
    stack: stackName(spec.name, stage),
    account: view.account,
    region: view.region,
    networkMode: view.network.mode,
    modelId: view.modelId,
    otherModels: view.agents
      .filter((agent) => agent.modelId !== view.modelId)
      .map((agent) => ({ agent: agent.name, modelId: agent.modelId })),
  };
}
