import { Stack } from 'aws-cdk-lib';
import {
  AgentCoreRuntime,
  AgentRuntimeArtifact,
  type IMemory,
  ProtocolType,
  Runtime,
  type RuntimeNetworkConfiguration,
} from 'aws-cdk-lib/aws-bedrockagentcore';
import { type IGrantable, type IPrincipal, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { AgentGraph, AgentNode } from '../graph/agent-graph';
import { AGENT_BUNDLE_FILE, AGENT_DOCKERFILE } from '../layout';
import { type BASE_ENVIRONMENT_KEYS, MEMORY_ENVIRONMENT_KEY } from '../spec/limits';
import type { Protocol } from '../spec/schema';
import { checkArtifactDir } from './agent-artifact';
import { AgentImage, type AgentImageProps } from './agent-image';
import { MODEL_INVOKE_ACTIONS, modelAccess } from './model-access';
import { acknowledgeRuntimeRole } from './nag-acknowledgements';
import { grantMemoryUse } from './system-memory';

/** Options of one agent of a system. */
export interface SystemAgentProps {
  /** The system the agent belongs to. */
  readonly graph: AgentGraph;
  /** The agent itself: its spec and derived names. */
  readonly agent: AgentNode;
  /** The folder holding the agent's bundle (and, in container mode, its Dockerfile). */
  readonly artifactDir: string;
  /**
   * The agents this one calls, one per edge of the graph. They must exist already: a
   * system builds its agents callees first.
   * @default - no callees: no delegation variables and no invoke permission
   */
  readonly callees?: readonly SystemAgent[];
  /**
   * Where the runtime's network interfaces live.
   * @default RuntimeNetworkConfiguration.usingPublicNetwork()
   */
  readonly network?: RuntimeNetworkConfiguration;
  /**
   * Settings of the image build, in container mode.
   * @default - see `AgentImageProps`
   */
  readonly image?: Omit<AgentImageProps, 'directory'>;
  /**
   * The system's memory, for an agent that uses it: its id goes into the agent's
   * environment, and the agent may write, read back and retrieve there (see `memoryActions`).
   * @default - no memory
   */
  readonly memory?: IMemory;
}

type BaseEnvironmentKey = (typeof BASE_ENVIRONMENT_KEYS)[number];

/**
 * The value of every base variable. Keyed by the list in spec/limits.ts, so adding a key
 * there fails compilation here until it has a value.
 */
const BASE_ENVIRONMENT: {
  readonly [K in BaseEnvironmentKey]: (agent: AgentNode, graph: AgentGraph) => string;
} = {
  MODEL_ID: (agent) => agent.spec.modelId,
};

/** What an agent needs to deliver its spans to AgentCore Observability. */
const SPAN_EXPORT_ACTIONS = ['xray:PutSpans', 'xray:PutSpansForIndexing'] as const;

const PROTOCOLS: { readonly [P in Protocol]: ProtocolType } = {
  HTTP: ProtocolType.HTTP,
  A2A: ProtocolType.A2A,
};

/**
 * One agent of a system, on AgentCore: its artifact (an image built at deploy time, or a
 * code zip), its runtime with the default execution role of aws-cdk-lib's `Runtime`
 * (trusted only by this account's AgentCore runtimes of this name in this Region), model
 * access scoped to its model, and for each callee the callee's ARN in its environment plus
 * the right to invoke exactly that runtime.
 *
 * An agent acts as its runtime's execution role, so granting it access the CDK way
 * (`bucket.grantRead(agent)`, `table.grantReadData(agent)`) grants exactly this agent.
 */
export class SystemAgent extends Construct implements IGrantable {
  public readonly agent: AgentNode;
  public readonly runtime: Runtime;
  /** The image and its build, in container mode. */
  public readonly image?: AgentImage;
  /** The principal this agent acts as: its runtime's execution role. */
  public readonly grantPrincipal: IPrincipal;

  public constructor(scope: Construct, id: string, props: SystemAgentProps) {
    super(scope, id);
    const { agent, graph } = props;
    this.agent = agent;
    checkArtifactDir(agent, props.artifactDir);

    let artifact: AgentRuntimeArtifact;
    if (agent.spec.buildMode === 'container') {
      this.image = new AgentImage(this, 'Image', { ...props.image, directory: props.artifactDir });
      artifact = this.image.artifact;
    } else {
      artifact = AgentRuntimeArtifact.fromCodeAsset({
        path: props.artifactDir,
        runtime: AgentCoreRuntime.NODE_22,
        entrypoint: [AGENT_BUNDLE_FILE],
        // The zip needs only the bundle; leaving the Dockerfile out keeps a change to it
        // from rolling a code-mode runtime.
        exclude: [AGENT_DOCKERFILE],
      });
    }

    const callees = props.callees ?? [];
    const environment: Record<string, string> = {};
    for (const key of Object.keys(BASE_ENVIRONMENT) as BaseEnvironmentKey[]) {
      environment[key] = BASE_ENVIRONMENT[key](agent, graph);
    }
    // Each edge's variable: the callee's ARN, which also makes this runtime wait for the
    // callee's (and only for the callee's runtime, never its image build).
    for (const callee of callees) {
      environment[callee.agent.names.envVar] = callee.runtime.agentRuntimeArn;
    }
    const memorySpec = graph.spec.memory;
    if (props.memory && memorySpec && agent.spec.memory) {
      environment[MEMORY_ENVIRONMENT_KEY] = props.memory.memoryId;
    }

    this.runtime = new Runtime(this, 'Runtime', {
      runtimeName: agent.names.runtimeName,
      description: agent.spec.description,
      agentRuntimeArtifact: artifact,
      protocolConfiguration: PROTOCOLS[agent.spec.protocol],
      networkConfiguration: props.network,
      environmentVariables: environment,
    });
    this.grantPrincipal = this.runtime.grantPrincipal;

    // Each edge's permission: invoke exactly the callee's runtime and its endpoints, and
    // where the call carries the user (the callee's memory is kept per user), to say who.
    const forwardsUser = new Set(
      graph
        .callees(agent.spec.name)
        .filter((edge) => edge.forwardsUser)
        .map((edge) => edge.callee.spec.name),
    );
    for (const callee of callees) {
      callee.runtime.grantInvokeRuntime(this.runtime);
      if (forwardsUser.has(callee.agent.spec.name)) {
        callee.runtime.grantInvokeRuntimeForUser(this.runtime);
      }
    }
    if (props.memory && memorySpec && agent.spec.memory) {
      grantMemoryUse(props.memory, memorySpec, this.runtime);
    }

    const stack = Stack.of(this);
    const model = modelAccess(agent.spec.modelId, {
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
    });
    this.runtime.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeConfiguredModel',
        actions: [...MODEL_INVOKE_ACTIONS],
        resources: [...model.resources],
      }),
    );

    // AgentCore Observability: agents send their spans as OTLP to X-Ray's traces endpoint
    // (see startTelemetry), which authorizes PutSpans, and PutSpansForIndexing for
    // CloudWatch Transaction Search. X-Ray has no resource-level permissions.
    this.runtime.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ExportSpans',
        actions: [...SPAN_EXPORT_ACTIONS],
        resources: ['*'],
      }),
    );

    let codeAsset: Asset | undefined;
    if (!this.image) {
      // The Runtime binds its artifact (creating the code asset) only when rendering; bind
      // now, which it allows, so the asset's bucket can be named below.
      artifact.bind(this.runtime, this.runtime);
      codeAsset = this.runtime.node.findChild('AgentRuntimeArtifact') as Asset;
    }
    acknowledgeRuntimeRole(this.runtime.role, {
      calleeArns: callees.map((callee) => callee.runtime.agentRuntimeArn),
      wildcardModelArns: model.resources.filter((arn) => arn.includes('*')),
      codeAsset,
    });
  }

  /** The runtime's execution role: what the agent's code may do in AWS. */
  public get role(): IRole {
    return this.runtime.role;
  }
}

// The construct's former name, kept for one major version so apps written against it
// still compile.
/** @deprecated use SystemAgent; removed in the next major version */
export const AgentRuntime = SystemAgent;
/** @deprecated use SystemAgent; removed in the next major version */
export type AgentRuntime = SystemAgent;
/** @deprecated use SystemAgentProps; removed in the next major version */
export type AgentRuntimeProps = SystemAgentProps;
