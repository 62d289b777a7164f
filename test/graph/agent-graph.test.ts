import { describe, expect, it } from 'vitest';
import { AgentGraph, agentNames, type SystemInput, validateSystem } from '../../src';
import { memoryName } from '../../src/graph/memory-names';
import { stackName } from '../../src/graph/names';
import { deployLevels } from '../../src/graph/topology';
import { outputsFile } from '../../src/layout';
import { MAX_CALLEES, MAX_RUNTIME_NAME_LENGTH } from '../../src/spec/limits';
import { MAX_STAGE_NAME_LENGTH, MAX_SYSTEM_NAME_LENGTH } from '../../src/spec/rules';
import { stageSpec } from '../../src/spec/stages';

type AgentIn = SystemInput['agents'][number];

const agent = (name: string, calls?: string[], role: AgentIn['role'] = 'specialist'): AgentIn => ({
  name,
  role,
  description: `The ${name} agent.`,
  calls,
});
const graphOf = (agents: AgentIn[], name = 'demo') =>
  AgentGraph.fromSpec(validateSystem({ name, agents }));
const names = (nodes: readonly { spec: { name: string } }[]) => nodes.map((n) => n.spec.name);

describe('AgentGraph', () => {
  it('validates and orders a chain of 10,000 agents, and names a cycle through all of them', () => {
    const chain = (length: number, last: string[] = []) => [
      agent('o', ['a1'], 'orchestrator'),
      ...Array.from({ length }, (_, i) =>
        agent(`a${i + 1}`, i + 1 < length ? [`a${i + 2}`] : last),
      ),
    ];
    const g = graphOf(chain(10_000));
    expect(g.levels).toHaveLength(10_001);
    expect(names(g.deployOrder).slice(0, 2)).toEqual(['a10000', 'a9999']);
    expect(names(g.deployOrder).at(-1)).toBe('o');

    expect(() =>
      deployLevels(
        new Map([
          ['x', ['y']],
          ['y', ['x']],
        ]),
      ),
    ).toThrow('deployLevels: x is on a cycle');
    expect(() => validateSystem({ name: 'demo', agents: chain(10_000, ['a1']) })).toThrow(
      'agents[1].calls: the agents call each other in a cycle: a1 \u2192 a2 \u2192 a3 \u2192 a4 \u2192 a5 \u2192 \u2026 (9991 more) \u2192 a9997 \u2192 a9998 \u2192 a9999 \u2192 a10000 \u2192 a1 (got ["a2"])',
    );
  });

  it('orders a chain of 5 callees first, one level each', () => {
    const g = graphOf([
      agent('o', ['a'], 'orchestrator'),
      agent('a', ['b']),
      agent('b', ['c']),
      agent('c', ['d']),
      agent('d'),
    ]);
    expect(names(g.deployOrder)).toEqual(['d', 'c', 'b', 'a', 'o']);
    expect(g.levels.map(names)).toEqual([['d'], ['c'], ['b'], ['a'], ['o']]);
    expect(g.edges.map((e) => `${e.caller.spec.name}->${e.callee.spec.name}`)).toEqual([
      'o->a',
      'a->b',
      'b->c',
      'c->d',
    ]);
  });

  it('puts a diamond on three levels, the two middle agents side by side', () => {
    const g = graphOf([
      agent('o', ['a', 'b'], 'orchestrator'),
      agent('a', ['c']),
      agent('b', ['c']),
      agent('c'),
    ]);
    expect(g.levels.map(names)).toEqual([['c'], ['a', 'b'], ['o']]);
    expect(names(g.callers('c').map((e) => e.caller))).toEqual(['a', 'b']);
    expect(names(g.callees('o').map((e) => e.callee))).toEqual(['a', 'b']);
    expect(g.callees('c')).toEqual([]);
    // Every edge carries, in one object, what the caller needs of its callee.
    const edge = g.callees('a')[0];
    expect([edge.callee.names.toolName, edge.callee.names.envVar]).toEqual([
      'call_c',
      'C_AGENT_ARN',
    ]);
  });

  it('deploys 49 specialists in one parallel level under the orchestrator', () => {
    const specialists = Array.from({ length: MAX_CALLEES }, (_, i) => agent(`specialist${i}`));
    const g = graphOf([agent('boss', undefined, 'orchestrator'), ...specialists]);
    expect(g.agents).toHaveLength(50);
    expect(g.levels.map((l) => l.length)).toEqual([49, 1]);
    expect(g.edges).toHaveLength(49);
    expect(g.orchestrator.spec.name).toBe('boss');
    expect(g.deployOrder.at(-1)?.spec.name).toBe('boss');
  });

  it('never builds from a cycle: validation stops it first', () => {
    expect(() =>
      graphOf([agent('o', ['a'], 'orchestrator'), agent('a', ['b']), agent('b', ['a'])]),
    ).toThrow('the agents call each other in a cycle: a \u2192 b \u2192 a');
  });

  it('gives the same order and names run after run', () => {
    const agents = [
      agent('o', ['z', 'm', 'a'], 'orchestrator'),
      agent('z', ['a']),
      agent('m'),
      agent('a'),
    ];
    const first = graphOf(agents);
    for (let i = 0; i < 5; i++) {
      const again = graphOf(agents);
      expect(names(again.deployOrder)).toEqual(names(first.deployOrder));
      expect(again.agents.map((a) => a.names)).toEqual(first.agents.map((a) => a.names));
    }
    expect(names(first.deployOrder)).toEqual(['m', 'a', 'z', 'o']);
  });

  it('names an unknown agent when asked for one', () => {
    expect(() => graphOf([agent('o', [], 'orchestrator')]).agent('x')).toThrow(
      'No agent named "x" in system "demo"',
    );
  });
});

describe('agentNames', () => {
  it('derives every name from one word', () => {
    expect(agentNames('my-agents', 'dataAnalyst')).toEqual({
      name: 'dataAnalyst',
      snake: 'data_analyst',
      runtimeName: 'my_agents_data_analyst',
      toolName: 'call_data_analyst',
      envVar: 'DATA_ANALYST_AGENT_ARN',
      directory: 'agents/data_analyst',
      constructId: 'DataAnalyst',
    });
  });

  it('puts the stage into the runtime name only: the agent’s code is the same in every stage', () => {
    const plain = agentNames('my-agents', 'dataAnalyst');
    const staged = agentNames('my-agents', 'dataAnalyst', 'prod');
    expect(staged).toEqual({ ...plain, runtimeName: 'my_agents_prod_data_analyst' });
    expect(agentNames('my-agents', 'dataAnalyst', 'dev').runtimeName).not.toBe(staged.runtimeName);
  });

  it('keeps acronyms and digits together', () => {
    expect(agentNames('s', 'SQLExpert2').snake).toBe('sql_expert2');
    expect(agentNames('s', 'researcher').constructId).toBe('Researcher');
  });
});

describe('the names of a stage', () => {
  it('are today’s without stages, and carry the stage with them', () => {
    expect([stackName('my-agents'), outputsFile(), memoryName('my-agents')]).toEqual([
      'my-agents',
      'cdk-outputs.json',
      'my_agents_memory',
    ]);
    expect([
      stackName('my-agents', 'prod'),
      outputsFile('prod'),
      memoryName('my-agents', 'prod'),
    ]).toEqual(['my-agents-prod', 'cdk-outputs.prod.json', 'my_agents_prod_memory']);
  });

  it('leave room for the memory’s name with the longest system and stage names', () => {
    const name = memoryName('a'.repeat(MAX_SYSTEM_NAME_LENGTH), 'b'.repeat(MAX_STAGE_NAME_LENGTH));
    expect(name.length).toBeLessThanOrEqual(MAX_RUNTIME_NAME_LENGTH);
  });

  it('reach the graph of a stage’s view', () => {
    const spec = validateSystem({
      name: 'demo',
      stages: { dev: {}, prod: {} },
      agents: [agent('o', undefined, 'orchestrator'), agent('a')],
    });
    expect(AgentGraph.fromSpec(spec).agent('a').names.runtimeName).toBe('demo_a');
    expect(AgentGraph.fromSpec(stageSpec(spec, 'prod')).agent('a').names.runtimeName).toBe(
      'demo_prod_a',
    );
  });
});
