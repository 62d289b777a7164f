import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Memory } from 'aws-cdk-lib/aws-bedrockagentcore';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { AgentGraph } from '../graph/agent-graph';
import { cliGreetingCommand } from '../graph/greeting';
import { MEMORY_OUTPUT_KEY } from '../graph/memory-names';
import { type AgentOutput, outputKey } from '../graph/names';
import type { SystemSpec } from '../spec/schema';
import { defaultArtifactDir } from './agent-artifact';
import type { AgentImageProps } from './agent-image';
import { runtimeNetwork } from './network';
import { SystemAgent } from './system-agent';
import { createSystemMemory } from './system-memory';
import { systemGraph } from './system-source';

/** CloudFormation's limit on outputs per stack. */
export const MAX_STACK_OUTPUTS = 200;
/** Outputs each agent adds when `outputs` is on. */
export const OUTPUTS_PER_AGENT = 3;

/** Options of a multi-agent system. */
export interface MultiAgentSystemProps {
  /**
   * The validated system (from `validateSystem`) or its graph.
   * @default - the project's `agents.json`, read and validated at every synth
   */
  readonly system?: SystemSpec | AgentGraph;
  /**
   * The generated project's root: its `agents.json` and, under it, the agents' artifact
   * folders are found there.
   * @default process.cwd()
   */
  readonly projectDir?: string;
  /**
   * Artifact folders by agent name, for agents whose folder is not the default.
   * @default - `<projectDir>/agents/<snake>/dist` for every agent
   */
  readonly artifactDirs?: Readonly<Record<string, string>>;
  /**
   * The VPC the spec's subnets belong to, in VPC mode.
   * @default - a reference standing in for it; AgentCore needs only subnets and security groups
   */
  readonly vpc?: IVpc;
  /**
   * Settings of every container agent's image build.
   * @default - see `AgentImageProps`
   */
  readonly image?: Omit<AgentImageProps, 'directory'>;
  /**
   * Whether to add stack outputs per agent (runtime ARN, an invoke command, and details:
   * runtime id, execution role, log group, build project). CloudFormation allows 200
   * outputs per stack: turn this off beyond 66 agents.
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * Every agent of a system on AgentCore, wired by its graph: runtimes are created callees
 * first, each caller carrying its callees' ARNs and the right to invoke exactly them.
 * Image builds share one CodeBuild project and run in parallel; only runtimes wait for
 * each other, in the graph's order.
 */
export class MultiAgentSystem extends Construct {
  public readonly graph: AgentGraph;
  /**
   * The system's AgentCore Memory, when `agents.json` gives it one: every agent that uses
   * it keeps its sessions there.
   */
  public readonly memory?: Memory;
  private readonly byName = new Map<string, SystemAgent>();

  public constructor(scope: Construct, id: string, props: MultiAgentSystemProps = {}) {
    super(scope, id);
    const projectDir = props.projectDir ?? process.cwd();
    this.graph = systemGraph(props.system, projectDir);
    const { spec } = this.graph;
    const withOutputs = props.outputs ?? true;
    const outputCount = spec.agents.length * OUTPUTS_PER_AGENT + (spec.memory ? 1 : 0);
    if (withOutputs && outputCount > MAX_STACK_OUTPUTS) {
      throw new Error(
        `MultiAgentSystem "${id}": ${spec.agents.length} agents would add ` +
          `${outputCount} stack outputs, more than CloudFormation's ` +
          `${MAX_STACK_OUTPUTS}; pass outputs: false and read runtimes from system.agent(name)`,
      );
    }
    for (const name of Object.keys(props.artifactDirs ?? {})) {
      if (!spec.agents.some((a) => a.name === name)) {
        throw new Error(
          `MultiAgentSystem "${id}": artifactDirs names "${name}", which is not an agent of ` +
            `system "${spec.name}"; use one of ${spec.agents.map((a) => `"${a.name}"`).join(', ')}`,
        );
      }
    }

    const network = runtimeNetwork(this, spec.network, props.vpc);
    if (spec.memory) {
      this.memory = createSystemMemory(this, spec, spec.memory);
      if (withOutputs) {
        new CfnOutput(this.memory, 'IdOutput', {
          value: this.memory.memoryId,
          description: `Id of the AgentCore Memory of system ${spec.name}`,
        }).overrideLogicalId(MEMORY_OUTPUT_KEY);
      }
    }
    for (const agent of this.graph.deployOrder) {
      const member = new SystemAgent(this, agent.names.constructId, {
        graph: this.graph,
        agent,
        artifactDir: props.artifactDirs?.[agent.spec.name] ?? defaultArtifactDir(projectDir, agent),
        callees: this.graph
          .callees(agent.spec.name)
          .map((edge) => this.agent(edge.callee.spec.name)),
        network,
        image: props.image,
        ...(this.memory && agent.spec.memory ? { memory: this.memory } : {}),
      });
      this.byName.set(agent.spec.name, member);
      if (withOutputs) addOutputs(member);
    }
  }

  /** The agents in the graph's deploy order (callees first). */
  public get agents(): readonly SystemAgent[] {
    return [...this.byName.values()];
  }

  /**
   * The agent of that name: its runtime, its execution role, and an `IGrantable`, so
   * `bucket.grantRead(system.agent('researcher'))` grants exactly that agent.
   * @throws Error when there is none
   */
  public agent(name: string): SystemAgent {
    const member = this.byName.get(name);
    if (!member) {
      throw new Error(
        `No agent named "${name}" in system "${this.graph.spec.name}"; ` +
          `use one of ${this.graph.agents.map((a) => `"${a.spec.name}"`).join(', ')}`,
      );
    }
    return member;
  }
}

/**
 * Three outputs per agent, named after its construct id: what scripts read (the ARN),
 * what a person pastes (the command), and the rest as one JSON object, so 66 agents fit
 * in CloudFormation's output limit.
 */
function addOutputs(agent: SystemAgent): void {
  const { names } = agent.agent;
  const { runtime } = agent;
  const stack = Stack.of(agent);
  const output = (suffix: AgentOutput, value: string, description: string) => {
    new CfnOutput(agent, suffix, { value, description }).overrideLogicalId(
      outputKey(names, suffix),
    );
  };
  output('RuntimeArn', runtime.agentRuntimeArn, `Runtime ARN of agent ${agent.agent.spec.name}`);
  output(
    'InvokeCommand',
    cliGreetingCommand(
      agent.agent.spec.protocol,
      `--region ${stack.region} --agent-runtime-arn ${runtime.agentRuntimeArn}`,
    ),
    `Invokes agent ${agent.agent.spec.name} once with a greeting`,
  );
  output(
    'Details',
    stack.toJsonString({
      runtimeId: runtime.agentRuntimeId,
      executionRoleArn: runtime.role.roleArn,
      logGroup: runtime.applicationLogGroup.logGroupName,
      buildProject: agent.image?.buildProject.projectName,
    }),
    `Runtime id, execution role, log group and build project of agent ${agent.agent.spec.name}`,
  );
}
