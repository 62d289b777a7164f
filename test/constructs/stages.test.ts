import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiAgentStack } from '../../src/constructs';
import { MEMORY_OUTPUT_KEY } from '../../src/graph/memory-names';
import { agentNames, outputKey } from '../../src/graph/names';
import type { SystemInput, SystemSpec } from '../../src/spec/schema';
import { validateSystem } from '../../src/spec/validate';
import { projectWithArtifacts } from './fixtures';
import {
  actionsOf,
  type CfnTemplate,
  references,
  resourcesOf,
  statementsByRole,
} from './template-graph';

const app = () => new App({ builtinCloudFormationValidation: false });

/** orchestrator → a, b; a → c, with memory; dev as described, prod elsewhere on other models. */
const SYSTEM: SystemInput = {
  name: 'team',
  region: 'us-east-1',
  modelId: 'global.anthropic.claude-haiku-4-5',
  memory: {},
  stages: {
    dev: {},
    prod: {
      region: 'eu-west-1',
      account: '123456789012',
      modelId: 'eu.anthropic.claude-sonnet-4-6',
      agents: { c: { modelId: 'amazon.nova-pro-v1:0' } },
    },
  },
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes.', calls: ['a', 'b'] },
    { name: 'a', role: 'specialist', description: 'Does A.', calls: ['c'] },
    { name: 'b', role: 'specialist', description: 'Does B.' },
    { name: 'c', role: 'specialist', description: 'Does C.' },
  ],
};

/** A generated project's folder: its agents.json and every agent's bundle. */
function project(input: SystemInput): string {
  const dir = projectWithArtifacts(validateSystem(input));
  writeFileSync(join(dir, 'agents.json'), JSON.stringify(input, undefined, 2));
  return dir;
}

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

const resourcesOfType = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

describe('MultiAgentStack.forStages', () => {
  let stacks: MultiAgentStack[];
  let templates: Record<string, CfnTemplate>;
  beforeAll(() => {
    stacks = MultiAgentStack.forStages(app(), { projectDir: project(SYSTEM) });
    templates = Object.fromEntries(
      stacks.map((s) => [s.stackName, Template.fromStack(s).toJSON() as CfnTemplate]),
    );
  });

  it('makes one stack per stage, <system>-<stage>, in the stage’s account and Region', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['team-dev', 'team-prod']);
    const [dev, prod] = stacks;
    expect(dev.region).toBe('us-east-1');
    expect(prod.region).toBe('eu-west-1');
    expect(prod.account).toBe('123456789012');
    // dev names no account: the CDK CLI's, as for a system without stages.
    expect(dev.account).toBe(Stack.of(new Stack(app(), 'Plain')).account);
    expect(prod.templateOptions.description).toBe(
      'Multi-agent system team (stage prod) on Amazon Bedrock AgentCore (4 agents)',
    );
  });

  it('names every runtime and the memory with the stage, so no name is shared', () => {
    const names = (stack: string) =>
      resourcesOfType(templates[stack], 'AWS::BedrockAgentCore::Runtime')
        .map(([, r]) => r.Properties?.AgentRuntimeName)
        .sort();
    expect(names('team-dev')).toEqual(
      ['a', 'b', 'c', 'orchestrator'].map((a) => agentNames('team', a, 'dev').runtimeName).sort(),
    );
    expect(names('team-prod')).toEqual([
      'team_prod_a',
      'team_prod_b',
      'team_prod_c',
      'team_prod_orchestrator',
    ]);
    const memories = (stack: string) =>
      resourcesOfType(templates[stack], 'AWS::BedrockAgentCore::Memory').map(
        ([, r]) => r.Properties?.Name,
      );
    expect(memories('team-dev')).toEqual(['team_dev_memory']);
    expect(memories('team-prod')).toEqual(['team_prod_memory']);
  });

  it('runs each agent on its stage’s model, allowed in the stage’s Region and account', () => {
    const modelOf = (stack: MultiAgentStack, agent: string) => {
      const runtime =
        templates[stack.stackName].Resources[logicalId(stack.system.agent(agent).runtime)];
      const environment = runtime.Properties?.EnvironmentVariables as Record<string, string>;
      return environment.MODEL_ID;
    };
    const [dev, prod] = stacks;
    expect(['orchestrator', 'c'].map((a) => modelOf(dev, a))).toEqual([
      'global.anthropic.claude-haiku-4-5',
      'global.anthropic.claude-haiku-4-5',
    ]);
    expect(['orchestrator', 'c'].map((a) => modelOf(prod, a))).toEqual([
      'eu.anthropic.claude-sonnet-4-6',
      'amazon.nova-pro-v1:0',
    ]);
    const modelResources = (stack: MultiAgentStack, agent: string) => {
      const role = logicalId(stack.system.agent(agent).runtime.role as Role);
      return (statementsByRole(templates[stack.stackName]).get(role) ?? [])
        .filter((s) => actionsOf(s).includes('bedrock:InvokeModel'))
        .flatMap((s) => resourcesOf(s))
        .map((r) => JSON.stringify(r));
    };
    expect(modelResources(prod, 'orchestrator').join(' ')).toContain(
      ':bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6',
    );
    expect(modelResources(prod, 'c').join(' ')).toContain(
      ':bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0',
    );
    expect(modelResources(dev, 'orchestrator').join(' ')).toContain(
      'inference-profile/global.anthropic.claude-haiku-4-5',
    );
  });

  it('grants every caller its callees in its own stage’s stack, and nothing across stacks', () => {
    for (const stack of stacks) {
      const template = templates[stack.stackName];
      const text = JSON.stringify(template);
      expect(text).not.toContain('Fn::ImportValue');
      const ids = new Set(Object.keys(template.Resources));
      const invoked = (agent: string) => {
        const role = logicalId(stack.system.agent(agent).runtime.role as Role);
        return [
          ...new Set(
            (statementsByRole(template).get(role) ?? [])
              .filter((s) => actionsOf(s).includes('bedrock-agentcore:InvokeAgentRuntime'))
              .flatMap((s) => [...references(s.Resource)]),
          ),
        ].sort();
      };
      const runtime = (agent: string) => logicalId(stack.system.agent(agent).runtime);
      expect(invoked('orchestrator')).toEqual([runtime('a'), runtime('b')].sort());
      expect(invoked('a')).toEqual([runtime('c')]);
      for (const agent of ['orchestrator', 'a']) {
        for (const id of invoked(agent))
          expect(ids.has(id), `${stack.stackName}: ${id}`).toBe(true);
      }
      // Every policy names only resources of its own stack.
      for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
        for (const id of references(policy.Properties)) {
          if (!id.startsWith('AWS::')) expect(ids.has(id), `${stack.stackName}: ${id}`).toBe(true);
        }
      }
    }
  });

  it('gives each stack its own outputs, read by the same keys', () => {
    const system = validateSystem(SYSTEM);
    const keys = [
      MEMORY_OUTPUT_KEY,
      ...system.agents.flatMap((agent) =>
        (['RuntimeArn', 'InvokeCommand', 'Details'] as const).map((o) =>
          outputKey(agentNames(system.name, agent.name), o),
        ),
      ),
    ].sort();
    for (const stack of stacks) {
      const template = templates[stack.stackName];
      expect(Object.keys(template.Outputs ?? {}).sort()).toEqual(keys);
      const ids = new Set(Object.keys(template.Resources));
      for (const id of references(template.Outputs)) {
        if (!id.startsWith('AWS::')) expect(ids.has(id)).toBe(true);
      }
    }
    expect(JSON.stringify(templates['team-prod'].Outputs)).toContain('--region eu-west-1');
  });

  it('without stages, makes exactly the stack new MultiAgentStack(app) makes', () => {
    const { stages: _stages, ...plain } = SYSTEM;
    const dir = project(plain);
    const stacksNow = MultiAgentStack.forStages(app(), { projectDir: dir });
    const before = new MultiAgentStack(app(), undefined, { projectDir: dir });
    expect(stacksNow.map((s) => s.stackName)).toEqual(['team']);
    expect(Template.fromStack(stacksNow[0]).toJSON()).toEqual(Template.fromStack(before).toJSON());
    const names = resourcesOfType(
      Template.fromStack(stacksNow[0]).toJSON() as CfnTemplate,
      'AWS::BedrockAgentCore::Memory',
    ).map(([, r]) => r.Properties?.Name);
    expect(names).toEqual(['team_memory']);
  });
});

describe('a MultiAgentStack of a system with stages', () => {
  const spec: SystemSpec = validateSystem(SYSTEM);
  const dir = projectWithArtifacts(spec);

  it('is one stage, named: a stack of the system as described would match no stage', () => {
    expect(() => new MultiAgentStack(app(), undefined, { system: spec, projectDir: dir })).toThrow(
      'System "team" has stages (dev, prod), each its own stack: create them all with MultiAgentStack.forStages(app), or one with { stage: "dev" }',
    );
    const prod = new MultiAgentStack(app(), undefined, {
      system: spec,
      projectDir: dir,
      stage: 'prod',
    });
    expect(prod.stackName).toBe('team-prod');
  });

  it('refuses a stage the system does not have, naming those it has', () => {
    expect(
      () => new MultiAgentStack(app(), undefined, { system: spec, projectDir: dir, stage: 'prd' }),
    ).toThrow('System "team" has no stage "prd"; did you mean "prod"? Its stages are dev, prod');
  });
});
