import { type CfnElement, Stack } from 'aws-cdk-lib';
import { CfnMemory } from 'aws-cdk-lib/aws-bedrockagentcore';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_ID_ENV } from '../../src/agent-runtime/memory-contract';
import { MEMORY_OUTPUT_KEY } from '../../src/graph/memory-names';
import type { SystemInput } from '../../src/spec/schema';
import { validateSystem } from '../../src/spec/validate';
import { diamond, type Synthesized, synth } from './fixtures';
import { actionsOf, type CfnTemplate, resourcesOf, statementsByRole } from './template-graph';

/** The diamond (orchestrator → a, b; a, b → c) with memory; `b` opts out. */
function withMemory(memory: SystemInput['memory']) {
  return validateSystem({
    name: 'diamond',
    memory,
    agents: [
      { name: 'orchestrator', role: 'orchestrator', description: 'Routes.', calls: ['a', 'b'] },
      { name: 'a', role: 'specialist', description: 'Does A.', calls: ['c'] },
      { name: 'b', role: 'specialist', description: 'Does B.', calls: ['c'], memory: false },
      { name: 'c', role: 'specialist', description: 'Does C.' },
    ],
  });
}

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The memory's own resource (aws-cdk-lib's Memory does not name it its default child). */
function memoryId(s: Synthesized): string {
  const memory = s.system.memory?.node.findAll().find((c) => c instanceof CfnMemory);
  if (!memory) throw new Error('the system has no memory');
  return Stack.of(memory).getLogicalId(memory as CfnMemory);
}

/** The statements of an agent's role that name the memory, as `[actions, resources]`. */
function memoryGrants(s: Synthesized, json: CfnTemplate, agent: string): unknown[] {
  const memory = memoryId(s);
  const role = logicalId(s.system.agent(agent).runtime.role as Role);
  return (statementsByRole(json).get(role) ?? [])
    .filter((statement) => JSON.stringify(statement.Resource).includes(memory))
    .map((statement) => [actionsOf(statement), resourcesOf(statement)]);
}

/** The runtimes (logical ids) an agent may name a user to, `/*` included. */
function forUserTargets(s: Synthesized, json: CfnTemplate, agent: string): string[] {
  const role = logicalId(s.system.agent(agent).runtime.role as Role);
  return (statementsByRole(json).get(role) ?? [])
    .filter((statement) =>
      actionsOf(statement).includes('bedrock-agentcore:InvokeAgentRuntimeForUser'),
    )
    .flatMap((statement) => resourcesOf(statement).map((r) => JSON.stringify(r)))
    .sort();
}

describe('a system with memory and long-term strategies', () => {
  let s: Synthesized;
  let json: CfnTemplate;
  beforeAll(() => {
    s = synth(withMemory({ expiryDays: 45, longTerm: ['semantic', 'userPreference'] }));
    json = s.template.toJSON() as CfnTemplate;
  });

  it('has one AgentCore Memory with the chosen strategies under the actor’s namespace', () => {
    s.template.resourceCountIs('AWS::BedrockAgentCore::Memory', 1);
    s.template.hasResourceProperties('AWS::BedrockAgentCore::Memory', {
      Name: 'diamond_memory',
      EventExpiryDuration: 45,
      MemoryStrategies: [
        { SemanticMemoryStrategy: { Name: 'semantic', Namespaces: ['/actors/{actorId}/facts'] } },
        {
          UserPreferenceMemoryStrategy: {
            Name: 'user_preference',
            Namespaces: ['/actors/{actorId}/preferences'],
          },
        },
      ],
    });
  });

  it.each(['orchestrator', 'a', 'c'])(
    'lets %s write, read back and retrieve on exactly that memory, nothing more',
    (agent) => {
      const memory = memoryId(s);
      expect(memoryGrants(s, json, agent)).toEqual([
        [
          [
            'bedrock-agentcore:CreateEvent',
            'bedrock-agentcore:ListEvents',
            'bedrock-agentcore:RetrieveMemoryRecords',
          ],
          [{ 'Fn::GetAtt': [memory, 'MemoryArn'] }],
        ],
      ]);
      const env = json.Resources[logicalId(s.system.agent(agent).runtime)].Properties
        ?.EnvironmentVariables as Record<string, unknown>;
      expect(env[MEMORY_ID_ENV]).toEqual({ 'Fn::GetAtt': [memory, 'MemoryId'] });
    },
  );

  it('gives an agent that opted out neither the memory’s id nor any access to it', () => {
    expect(memoryGrants(s, json, 'b')).toEqual([]);
    const env = json.Resources[logicalId(s.system.agent('b').runtime)].Properties
      ?.EnvironmentVariables as Record<string, unknown>;
    expect(Object.keys(env)).not.toContain(MEMORY_ID_ENV);
    // Nothing of the memory anywhere in its policies.
    const role = logicalId(s.system.agent('b').runtime.role as Role);
    const actions = (statementsByRole(json).get(role) ?? []).flatMap(actionsOf);
    expect(actions.filter((a) => /^bedrock-agentcore:.*(Event|Memory)/.test(a))).toEqual([]);
  });

  it('lets a caller name the user only to callees that keep memory', () => {
    const runtime = (agent: string) => logicalId(s.system.agent(agent).runtime);
    const targets = (agent: string) => [
      JSON.stringify({ 'Fn::GetAtt': [runtime(agent), 'AgentRuntimeArn'] }),
      JSON.stringify({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [runtime(agent), 'AgentRuntimeArn'] }, '/*']],
      }),
    ];
    // b opted out, so the orchestrator tells it no user; c keeps memory, so b tells it its caller's.
    expect(forUserTargets(s, json, 'orchestrator')).toEqual(targets('a').sort());
    expect(forUserTargets(s, json, 'a')).toEqual(targets('c').sort());
    expect(forUserTargets(s, json, 'b')).toEqual(targets('c').sort());
    expect(forUserTargets(s, json, 'c')).toEqual([]);
  });

  it('outputs the memory’s id', () => {
    expect(json.Outputs?.[MEMORY_OUTPUT_KEY]?.Value).toEqual({
      'Fn::GetAtt': [memoryId(s), 'MemoryId'],
    });
  });
});

describe('memory without long-term strategies', () => {
  it('keeps conversations only: no strategy, and no retrieval permission', () => {
    const s = synth(withMemory({}));
    const json = s.template.toJSON() as CfnTemplate;
    s.template.hasResourceProperties('AWS::BedrockAgentCore::Memory', {
      Name: 'diamond_memory',
      EventExpiryDuration: 30,
    });
    const memory = json.Resources[memoryId(s)];
    expect(memory.Properties?.MemoryStrategies).toBeUndefined();
    expect(memoryGrants(s, json, 'orchestrator')).toEqual([
      [
        ['bedrock-agentcore:CreateEvent', 'bedrock-agentcore:ListEvents'],
        [{ 'Fn::GetAtt': [memoryId(s), 'MemoryArn'] }],
      ],
    ]);
  });
});

describe('a system without memory', () => {
  it('has no memory, no memory variable and no memory output', () => {
    const s = synth(diamond());
    const json = s.template.toJSON() as CfnTemplate;
    s.template.resourceCountIs('AWS::BedrockAgentCore::Memory', 0);
    expect(s.system.memory).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain(MEMORY_ID_ENV);
    expect(json.Outputs?.[MEMORY_OUTPUT_KEY]).toBeUndefined();
  });
});
