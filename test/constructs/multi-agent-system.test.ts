import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentRuntime, SystemAgent } from '../../src/constructs';
import { AgentGraph } from '../../src/graph/agent-graph';
import { agentNames } from '../../src/graph/names';
import { AGENT_ARTIFACT_DIR, AGENT_BUNDLE_FILE, AGENT_DOCKERFILE } from '../../src/layout';
import { BASE_ENVIRONMENT_KEYS } from '../../src/spec/limits';
import { validateSystem } from '../../src/spec/validate';
import { diamond, projectWithArtifacts, type Synthesized, star, synth } from './fixtures';
import {
  actionsOf,
  type CfnTemplate,
  dependencyGraph,
  resourcesOf,
  statementsByRole,
  transitiveDependencies,
} from './template-graph';

const AGENTS = ['orchestrator', 'a', 'b', 'c'] as const;
const CALLEES: Record<string, readonly string[]> = {
  orchestrator: ['a', 'b'],
  a: ['c'],
  b: ['c'],
  c: [],
};
/** Everything an agent may reach through its callees. */
const REACHABLE: Record<string, readonly string[]> = {
  orchestrator: ['a', 'b', 'c'],
  a: ['c'],
  b: ['c'],
  c: [],
};

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

class Ids {
  public constructor(private readonly s: Synthesized) {}
  public runtime(name: string): string {
    return logicalId(this.s.system.agent(name).runtime);
  }
  public role(name: string): string {
    return logicalId(this.s.system.agent(name).runtime.role as Role);
  }
  public build(name: string): string {
    const image = this.s.system.agent(name).image;
    if (!image) throw new Error(`agent ${name} has no image`);
    return logicalId(image.node.findChild('Build').node.findChild('Resource'));
  }
}

/** The runtimes a role may invoke, as `<logical id>` and `<logical id>/*`. */
function invokeTargets(template: CfnTemplate, role: string): string[] {
  const targets: string[] = [];
  for (const statement of statementsByRole(template).get(role) ?? []) {
    if (!actionsOf(statement).some((a) => a.startsWith('bedrock-agentcore:Invoke'))) continue;
    for (const resource of resourcesOf(statement)) {
      const r = resource as Record<string, unknown>;
      if (r['Fn::GetAtt']) {
        targets.push((r['Fn::GetAtt'] as string[])[0]);
      } else if (r['Fn::Join']) {
        const [, parts] = r['Fn::Join'] as [string, unknown[]];
        const head = parts[0] as Record<string, string[]>;
        targets.push(
          `${head['Fn::GetAtt']?.[0] ?? JSON.stringify(parts)}${parts.slice(1).join('')}`,
        );
      } else {
        targets.push(JSON.stringify(resource));
      }
    }
  }
  return targets.sort();
}

describe('MultiAgentSystem on a diamond (orchestrator → a, b; a, b → c)', () => {
  let s: Synthesized;
  let json: CfnTemplate;
  let ids: Ids;
  beforeAll(() => {
    s = synth(diamond());
    json = s.template.toJSON() as CfnTemplate;
    ids = new Ids(s);
  });

  it('creates one runtime per agent, named by the names module', () => {
    s.template.resourceCountIs('AWS::BedrockAgentCore::Runtime', 4);
    for (const name of AGENTS) {
      expect(json.Resources[ids.runtime(name)].Properties?.AgentRuntimeName).toBe(
        agentNames('diamond', name).runtimeName,
      );
    }
  });

  it('answers system.agent(name) with a SystemAgent, which the old name AgentRuntime still is', () => {
    expect(AgentRuntime).toBe(SystemAgent);
    for (const name of AGENTS) {
      expect(s.system.agent(name)).toBeInstanceOf(SystemAgent);
      expect(s.system.agent(name).agent.spec.name).toBe(name);
    }
    expect(s.system.agents.map((a) => a.agent.spec.name)).toEqual(['c', 'a', 'b', 'orchestrator']);
  });

  it.each(AGENTS)('lets %s invoke exactly its callees (ARN and ARN/*)', (name) => {
    const expected = CALLEES[name].flatMap((callee) => [
      ids.runtime(callee),
      `${ids.runtime(callee)}/*`,
    ]);
    expect(invokeTargets(json, ids.role(name))).toEqual(expected.sort());
  });

  it('refuses the directions the graph does not give', () => {
    const targets = (name: string) => invokeTargets(json, ids.role(name));
    // A specialist cannot call back to the orchestrator.
    for (const name of ['a', 'b', 'c']) {
      expect(targets(name)).not.toContain(ids.runtime('orchestrator'));
    }
    // Siblings cannot call each other.
    expect(targets('a')).not.toContain(ids.runtime('b'));
    expect(targets('b')).not.toContain(ids.runtime('a'));
    // The leaf has no invoke permission at all.
    expect(targets('c')).toEqual([]);
  });

  it('grants nothing broader: no runtime wildcard, no full-access managed policy', () => {
    const text = JSON.stringify(json.Resources);
    expect(text).not.toMatch(/runtime\/\*/);
    expect(text).not.toContain('BedrockAgentCoreFullAccess');
    for (const statements of statementsByRole(json).values()) {
      for (const statement of statements) {
        if (actionsOf(statement).some((a) => a.startsWith('bedrock-agentcore:Invoke'))) {
          expect(resourcesOf(statement)).not.toContain('*');
          // Not InvokeAgentRuntimeForUser or anything else: agents call as themselves.
          expect(actionsOf(statement)).toEqual(['bedrock-agentcore:InvokeAgentRuntime']);
        }
        expect(actionsOf(statement)).not.toContain('bedrock-agentcore:*');
      }
    }
  });

  it.each(AGENTS)("puts the base variables and each callee's ARN in %s's environment", (name) => {
    const env = json.Resources[ids.runtime(name)].Properties?.EnvironmentVariables as
      | Record<string, unknown>
      | undefined;
    const expected: Record<string, unknown> = { MODEL_ID: 'global.anthropic.claude-sonnet-4-6' };
    for (const callee of CALLEES[name]) {
      expected[agentNames('diamond', callee).envVar] = {
        'Fn::GetAtt': [ids.runtime(callee), 'AgentRuntimeArn'],
      };
    }
    expect(env).toEqual(expected);
    expect(Object.keys(env ?? {})).toEqual(expect.arrayContaining([...BASE_ENVIRONMENT_KEYS]));
  });

  it('orders runtimes callees first, by reference, and never makes a runtime wait for another agent’s build', () => {
    const graph = dependencyGraph(json);
    const runtimes = new Set(AGENTS.map((n) => ids.runtime(n)));
    const builds = new Set(AGENTS.map((n) => ids.build(n)));
    for (const name of AGENTS) {
      const deps = transitiveDependencies(graph, ids.runtime(name));
      const waitsForRuntimes = [...deps].filter((d) => runtimes.has(d)).sort();
      expect(waitsForRuntimes).toEqual(REACHABLE[name].map((n) => ids.runtime(n)).sort());
      // Its own build, and builds of runtimes it waits for anyway; none directly.
      const waitsForBuilds = [...deps].filter((d) => builds.has(d)).sort();
      expect(waitsForBuilds).toEqual([name, ...REACHABLE[name]].map((n) => ids.build(n)).sort());
      const direct = transitiveDependencies(graph, ids.runtime(name), runtimes);
      expect([...direct].filter((d) => builds.has(d))).toEqual([ids.build(name)]);
    }
  });

  it('builds every image in parallel: no build waits for a runtime or another build', () => {
    const graph = dependencyGraph(json);
    const stepIds = new Set(AGENTS.flatMap((n) => [ids.runtime(n), ids.build(n)]));
    for (const name of AGENTS) {
      const deps = transitiveDependencies(graph, ids.build(name));
      expect([...deps].filter((d) => stepIds.has(d))).toEqual([]);
    }
  });

  it('lets every agent deliver its spans to AgentCore Observability, and nothing more of X-Ray', () => {
    for (const name of AGENTS) {
      const statements = statementsByRole(json).get(ids.role(name)) ?? [];
      const spans = statements.filter((st) => actionsOf(st).includes('xray:PutSpans'));
      expect(spans).toHaveLength(1);
      expect(actionsOf(spans[0]).sort()).toEqual(['xray:PutSpans', 'xray:PutSpansForIndexing']);
      expect(spans[0].Resource).toBe('*');
      const xray = statements.flatMap(actionsOf).filter((a) => a.startsWith('xray:'));
      // The Runtime's default role grants trace writes and sampling; ours adds spans only.
      expect(xray.sort()).toEqual([
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutSpans',
        'xray:PutSpansForIndexing',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });

  it('scopes model access to the configured model, never *', () => {
    for (const name of AGENTS) {
      const statements = statementsByRole(json).get(ids.role(name)) ?? [];
      const model = statements.filter((st) => actionsOf(st).includes('bedrock:InvokeModel'));
      expect(model).toHaveLength(1);
      expect(actionsOf(model[0]).sort()).toEqual([
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
      ]);
      expect(Stack.of(s.stack).resolve(model[0].Resource)).toEqual([
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-6',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':bedrock:*::foundation-model/anthropic.claude-sonnet-4-6',
            ],
          ],
        },
      ]);
    }
  });

  it('keeps the default execution role trust: this account, this Region, this runtime name', () => {
    for (const name of AGENTS) {
      const role = json.Resources[ids.role(name)].Properties as Record<string, unknown>;
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      `:bedrock-agentcore:us-east-1:123456789012:runtime/${agentNames('diamond', name).runtimeName}*`,
                    ],
                  ],
                },
              },
            },
          },
        ],
      });
      expect(role.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives each container agent its own scanned, bounded repository and a fresh tag per build', () => {
    s.template.resourceCountIs('AWS::ECR::Repository', 4);
    s.template.allResourcesProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('imageCountMoreThan') },
    });
    s.template.resourceCountIs('Custom::CDKContainerImageBuild', 4);
    s.template.allResourcesProperties('Custom::CDKContainerImageBuild', {
      imageTag: Match.absent(),
      buildCommand: Match.stringLikeRegexp('--platform linux/arm64'),
      ServiceTimeout: 1800,
    });
    for (const name of AGENTS) {
      const uri = JSON.stringify(
        json.Resources[ids.runtime(name)].Properties?.AgentRuntimeArtifact,
      );
      expect(uri).toContain(JSON.stringify({ 'Fn::GetAtt': [ids.build(name), 'ImageTag'] }));
      expect(uri).not.toContain('latest');
    }
  });

  it('fails the deployment when a build fails: the build reports FAILED to CloudFormation', () => {
    // What this package relies on in @cdklabs/deploy-time-build: the build's last phase
    // answers the custom resource itself, with FAILED unless every step succeeded.
    const project = Object.values(json.Resources).find((r) => r.Type === 'AWS::CodeBuild::Project');
    const buildSpec = String(
      (project?.Properties?.Source as { BuildSpec?: string } | undefined)?.BuildSpec,
    );
    expect(buildSpec).toContain('CODEBUILD_BUILD_SUCCEEDING -ne 1');
    expect(buildSpec).toContain("STATUS='FAILED'");
    expect(buildSpec).toContain('$responseURL');
    expect(buildSpec).toContain('docker push $repositoryUri:$imageTag');
  });

  it('shares one ARM64 CodeBuild project and one trigger function between all builds', () => {
    s.template.resourceCountIs('AWS::CodeBuild::Project', 1);
    s.template.resourceCountIs('AWS::Lambda::Function', 1);
    s.template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        Type: 'ARM_CONTAINER',
        Image: Match.stringLikeRegexp('aarch64'),
        PrivilegedMode: true,
      }),
    });
  });

  it('adds outputs per agent: ARN, a ready command, and id, role, log group, build project', () => {
    const outputs = json.Outputs ?? {};
    for (const name of AGENTS) {
      const id = agentNames('diamond', name).constructId;
      expect(outputs[`${id}RuntimeArn`].Value).toEqual({
        'Fn::GetAtt': [ids.runtime(name), 'AgentRuntimeArn'],
      });
      const command = JSON.stringify(outputs[`${id}InvokeCommand`].Value);
      expect(command).toContain('aws bedrock-agentcore invoke-agent-runtime');
      expect(command).toContain('--agent-runtime-arn');
      expect(command).toContain('--payload fileb:///dev/stdin');
      const details = JSON.stringify(outputs[`${id}Details`].Value);
      for (const key of ['runtimeId', 'executionRoleArn', 'logGroup', 'buildProject']) {
        expect(details).toContain(key);
      }
      expect(details).toContain('/aws/bedrock-agentcore/runtimes/');
      expect(details).toContain(ids.role(name));
    }
  });
});

describe('build modes', () => {
  it('deploys a code-mode agent from a zip of its bundle: no image, no build', () => {
    const spec = diamond({ buildMode: 'code' });
    const s = synth(spec);
    s.template.resourceCountIs('AWS::ECR::Repository', 0);
    s.template.resourceCountIs('Custom::CDKContainerImageBuild', 0);
    s.template.resourceCountIs('AWS::CodeBuild::Project', 0);
    s.template.resourceCountIs('AWS::Lambda::Function', 0);
    s.template.allResourcesProperties('AWS::BedrockAgentCore::Runtime', {
      AgentRuntimeArtifact: {
        CodeConfiguration: {
          Code: { S3: { Bucket: Match.anyValue(), Prefix: Match.stringLikeRegexp('\\.zip$') } },
          EntryPoint: [AGENT_BUNDLE_FILE],
          Runtime: 'NODE_22',
        },
      },
    });
    // Three resources per agent: role, its policy, the runtime.
    expect(Object.keys(s.template.toJSON().Resources)).toHaveLength(3 * 4);
  });

  it('mixes modes per agent', () => {
    const input = {
      name: 'mixed',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'O', calls: ['coder'] },
        { name: 'coder', role: 'specialist', description: 'C', buildMode: 'code' },
      ],
    };
    const s = synth(validateSystem(input));
    s.template.resourceCountIs('AWS::ECR::Repository', 1);
    s.template.resourceCountIs('Custom::CDKContainerImageBuild', 1);
    expect(s.system.agent('coder').image).toBeUndefined();
    expect(s.system.agent('orchestrator').image).toBeDefined();
    const coder = s.template.toJSON().Resources[logicalId(s.system.agent('coder').runtime)];
    expect(coder.Properties.AgentRuntimeArtifact.CodeConfiguration.EntryPoint).toEqual([
      AGENT_BUNDLE_FILE,
    ]);
  });

  it('grants a plain model id of one agent as that foundation model in this Region', () => {
    const spec = validateSystem({
      name: 'models',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'O', calls: ['cheap'] },
        {
          name: 'cheap',
          role: 'specialist',
          description: 'C',
          modelId: 'amazon.nova-lite-v1:0',
          buildMode: 'code',
        },
      ],
    });
    const s = synth(spec);
    const role = logicalId(s.system.agent('cheap').runtime.role as Role);
    const statements = statementsByRole(s.template.toJSON() as CfnTemplate).get(role) ?? [];
    const model = statements.find((st) => actionsOf(st).includes('bedrock:InvokeModel'));
    expect(JSON.stringify(model?.Resource)).toBe(
      JSON.stringify({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
          ],
        ],
      }),
    );
  });
});

describe('network', () => {
  it('places every runtime in the given subnets and security groups in VPC mode', () => {
    const network = {
      mode: 'VPC' as const,
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      securityGroupIds: ['sg-0123456789abcdef0'],
    };
    const s = synth(diamond({ network, buildMode: 'code' }));
    s.template.allResourcesProperties('AWS::BedrockAgentCore::Runtime', {
      NetworkConfiguration: {
        NetworkMode: 'VPC',
        NetworkModeConfig: { Subnets: network.subnetIds, SecurityGroups: network.securityGroupIds },
      },
    });
    // Imported by id: nothing of the network is created.
    s.template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    s.template.resourceCountIs('AWS::EC2::VPC', 0);
    // The stand-in VPC reference leaves no trace in the template.
    const text = JSON.stringify(s.template.toJSON());
    expect(text).not.toContain('Fn::GetAZs');
    expect(text).not.toContain('AWS::NoValue');
  });

  it('is public by default', () => {
    const s = synth(diamond({ buildMode: 'code' }));
    s.template.allResourcesProperties('AWS::BedrockAgentCore::Runtime', {
      NetworkConfiguration: { NetworkMode: 'PUBLIC' },
    });
  });
});

describe('errors a user can act on', () => {
  it('names the agent, the folder and the fix when an artifact folder is missing', () => {
    const spec = diamond();
    const root = projectWithArtifacts(spec);
    const folder = join(root, 'agents', 'b', AGENT_ARTIFACT_DIR);
    rmSync(folder, { recursive: true });
    expect(() => synth(spec, {}, { projectDir: root })).toThrow(
      new RegExp(`agent "b".*${folder.replace(/[/\\]/g, '.')} does not exist.*bundle`),
    );
  });

  it('asks for a Dockerfile only in container mode', () => {
    const container = diamond();
    const root = projectWithArtifacts(container);
    rmSync(join(root, 'agents', 'c', AGENT_ARTIFACT_DIR, AGENT_DOCKERFILE));
    expect(() => synth(container, {}, { projectDir: root })).toThrow(
      /agent "c" \(buildMode "container"\).*has no Dockerfile/,
    );
    const code = diamond({ buildMode: 'code' });
    synth(code, {}, { projectDir: root }).template.resourceCountIs(
      'AWS::BedrockAgentCore::Runtime',
      code.agents.length,
    );
  });

  it('reports a missing bundle', () => {
    const spec = diamond({ buildMode: 'code' });
    const root = projectWithArtifacts(spec);
    rmSync(join(root, 'agents', 'a', AGENT_ARTIFACT_DIR, AGENT_BUNDLE_FILE));
    expect(() => synth(spec, {}, { projectDir: root })).toThrow(/agent "a".*has no index\.mjs/);
  });

  it('rejects artifactDirs for an agent the system does not have', () => {
    expect(() => synth(diamond(), { artifactDirs: { d: '/tmp' } })).toThrow(
      /artifactDirs names "d".*use one of "orchestrator", "a", "b", "c"/,
    );
  });

  it('uses artifactDirs over the default folder', () => {
    const spec = diamond({ buildMode: 'code' });
    const elsewhere = projectWithArtifacts(spec);
    const root = projectWithArtifacts(spec);
    rmSync(join(root, 'agents', 'a'), { recursive: true });
    const s = synth(
      spec,
      { artifactDirs: { a: join(elsewhere, 'agents', 'a', AGENT_ARTIFACT_DIR) } },
      { projectDir: root },
    );
    expect(s.system.agents).toHaveLength(4);
  });

  it('refuses more outputs than a stack may hold, and says how to go on', () => {
    const level1 = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const level2 = Array.from({ length: 26 }, (_, i) => `t${i}`);
    const spec = validateSystem({
      name: 'big',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'O', calls: level1 },
        ...level1.map((name, i) => ({
          name,
          role: 'specialist' as const,
          description: name,
          calls: i === 0 ? level2 : [],
        })),
        ...level2.map((name) => ({ name, role: 'specialist' as const, description: name })),
      ],
    });
    expect(spec.agents).toHaveLength(67);
    expect(() => synth(spec, {}, { projectDir: '/nonexistent' })).toThrow(
      /67 agents would add 201 stack outputs.*outputs: false/,
    );
  });

  it('accepts a graph as well as a spec', () => {
    const spec = diamond({ buildMode: 'code' });
    const s = synth(spec, { system: AgentGraph.fromSpec(spec) });
    expect(s.system.graph.spec).toBe(spec);
    expect(() => s.system.agent('nobody')).toThrow(/No agent named "nobody".*use one of/);
  });
});

describe('at 50 agents', () => {
  it('stays within one stack and still grants the orchestrator exactly its 49 callees', () => {
    const s = synth(star(50));
    const json = s.template.toJSON() as CfnTemplate;
    expect(Object.keys(json.Resources).length).toBeLessThan(500);
    expect(Object.keys(json.Outputs ?? {}).length).toBeLessThanOrEqual(200);
    s.template.resourceCountIs('AWS::BedrockAgentCore::Runtime', 50);
    s.template.resourceCountIs('AWS::CodeBuild::Project', 1);
    const ids = new Ids(s);
    // aws-cdk-lib moves part of a large policy into overflow managed policies; the grants
    // must hold across all of them.
    const expected = s.system.graph
      .callees('orchestrator')
      .flatMap((edge) => [
        ids.runtime(edge.callee.spec.name),
        `${ids.runtime(edge.callee.spec.name)}/*`,
      ]);
    expect(expected).toHaveLength(98);
    expect(invokeTargets(json, ids.role('orchestrator'))).toEqual(expected.sort());
    expect(invokeTargets(json, ids.role('s7'))).toEqual([]);
  });
});
