import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AgentGraph } from '../graph/agent-graph';
import type { SystemSpec } from '../spec/schema';
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
}

/**
 * The stack a generated project deploys: named after the system, in the system's Region
 * (in the account the CDK CLI resolves), holding the {@link MultiAgentSystem} as `Agents`.
 * What it takes from `agents.json` and how it builds the agents belong to this package,
 * so upgrades reach them while the project's `src/main.ts`, which creates this stack and
 * adds the user's own resources beside it, stays the user's.
 */
export class MultiAgentStack extends Stack {
  /** The construct id of the system in the stack; its resources' logical ids derive from it. */
  public static readonly SYSTEM_ID = 'Agents';
  /** Every agent of the system: `stack.system.agent(name)` to grant one access. */
  public readonly system: MultiAgentSystem;

  /** @param id the stack's id and name; the system's name when left out */
  public constructor(scope: Construct, id?: string, props: MultiAgentStackProps = {}) {
    const { system, projectDir, systemProps, ...stackProps } = props;
    const graph = systemGraph(system, projectDir ?? process.cwd());
    const { spec } = graph;
    super(scope, id ?? spec.name, {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: spec.region },
      description: `Multi-agent system ${spec.name} on Amazon Bedrock AgentCore (${spec.agents.length} agents)`,
      ...stackProps,
    });
    this.system = new MultiAgentSystem(this, MultiAgentStack.SYSTEM_ID, {
      ...systemProps,
      system: graph,
      projectDir,
    });
  }
}
