import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AgentGraph } from '../graph/agent-graph';
import { stackName } from '../graph/names';
import type { SystemSpec } from '../spec/schema';
import { stageNames, stageSpec } from '../spec/stages';
import { MultiAgentSystem, type MultiAgentSystemProps } from './multi-agent-system';
import { systemGraph } from './system-source';

/** Options of {@link MultiAgentStack}: a stack's own options, plus where its system comes from. */
export interface MultiAgentStackProps extends StackProps {
  /**
   * The system to deploy.
   * @default - the project's `agents.json`, read and validated at every synth
   */
  readonly system?: SystemSpec | AgentGraph;
  /**
   * The generated project's root, where `agents.json` and the agents' folders are.
   * @default process.cwd()
   */
  readonly projectDir?: string;
  /**
   * Options of the system besides the system itself and the project folder.
   * @default - see `MultiAgentSystemProps`
   */
  readonly systemProps?: Omit<MultiAgentSystemProps, 'system' | 'projectDir'>;
  /**
   * The stage to deploy, of a system with `stages`: the stack is `<system>-<stage>`, in the
   * stage's account and Region, and its runtimes' names carry the stage.
   * @default - the system as described; a system with stages needs one (see `forStages`)
   */
  readonly stage?: string;
}

/**
 * The stack a generated project deploys: named after the system, in the system's Region
 * (in the account the CDK CLI resolves), holding the {@link MultiAgentSystem} as `Agents`.
 * A system with stages deploys one such stack per stage (see `forStages`).
 * What it takes from `agents.json` and how it builds the agents belong to this package,
 * so upgrades reach them while the project's `src/main.ts`, which creates this stack and
 * adds the user's own resources beside it, stays the user's.
 */
export class MultiAgentStack extends Stack {
  /** The construct id of the system in the stack; its resources' logical ids derive from it. */
  public static readonly SYSTEM_ID = 'Agents';

  /**
   * Every stack the system deploys: one per stage, `<system>-<stage>` in the stage's account
   * and Region, in the order `agents.json` gives the stages; without stages the one stack a
   * `new MultiAgentStack(scope)` makes. `agents.json` is read once for all of them.
   * @param props what every stack shares; each stage sets its own name and environment
   */
  public static forStages(
    scope: Construct,
    props: Omit<MultiAgentStackProps, 'stage' | 'env' | 'stackName'> = {},
  ): MultiAgentStack[] {
    const graph = systemGraph(props.system, props.projectDir ?? process.cwd());
    const stages = stageNames(graph.spec);
    const shared = { ...props, system: graph };
    if (stages.length === 0) return [new MultiAgentStack(scope, undefined, shared)];
    return stages.map((stage) => new MultiAgentStack(scope, undefined, { ...shared, stage }));
  }

  /** Every agent of the system: `stack.system.agent(name)` to grant one access. */
  public readonly system: MultiAgentSystem;

  /**
   * @param id the stack's id and name; the system's name (and stage's: `<system>-<stage>`)
   * when left out
   * @throws Error when the system has stages and `stage` names none of them
   */
  public constructor(scope: Construct, id?: string, props: MultiAgentStackProps = {}) {
    const { system, projectDir, systemProps, stage, ...stackProps } = props;
    const graph = deployedGraph(systemGraph(system, projectDir ?? process.cwd()), stage);
    const { spec } = graph;
    const inStage = spec.stage === undefined ? '' : ` (stage ${spec.stage})`;
    super(scope, id ?? stackName(spec.name, spec.stage), {
      env: { account: spec.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: spec.region },
      description: `Multi-agent system ${spec.name}${inStage} on Amazon Bedrock AgentCore (${spec.agents.length} agents)`,
      ...stackProps,
    });
    this.system = new MultiAgentSystem(this, MultiAgentStack.SYSTEM_ID, {
      ...systemProps,
      system: graph,
      projectDir,
    });
  }
}

/**
 * The graph a stack deploys: the stage's view when one is named, else the system as given;
 * a system with stages is never deployed as described, which would be a deployment none
 * of its stages names.
 */
function deployedGraph(graph: AgentGraph, stage: string | undefined): AgentGraph {
  const { spec } = graph;
  if (stage !== undefined) return AgentGraph.fromSpec(stageSpec(spec, stage));
  const stages = stageNames(spec);
  if (spec.stage === undefined && stages.length > 0) {
    throw new Error(
      `System "${spec.name}" has stages (${stages.join(', ')}), each its own stack: create them all with MultiAgentStack.forStages(app), or one with { stage: "${stages[0]}" }`,
    );
  }
  return graph;
}
