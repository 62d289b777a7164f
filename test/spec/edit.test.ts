import { describe, expect, it } from 'vitest';
import { addAgent, removeAgent } from '../../src/spec/edit';
import { SpecError } from '../../src/spec/problems';

const base = () => ({
  name: 'demo',
  region: 'eu-west-1',
  agents: [
    { name: 'boss', role: 'orchestrator', description: 'Routes.' },
    { name: 'researcher', role: 'specialist', description: 'Researches.' },
  ],
});

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a SpecError');
}

describe('addAgent', () => {
  it('adds a specialist the orchestrator calls, keeping the file as it was written', () => {
    const input = base();
    const result = addAgent(input, { name: 'writer', description: 'Writes.' });
    expect(result.changed).toBe(true);
    expect(result.input).toEqual({
      ...base(),
      agents: [...base().agents, { name: 'writer', role: 'specialist', description: 'Writes.' }],
    });
    expect(result.spec.agents[0].calls).toEqual(['researcher', 'writer']);
    expect(input).toEqual(base());
  });

  it('wires the callers and callees it is given, writing out links that were implicit', () => {
    const result = addAgent(base(), {
      name: 'checker',
      description: 'Checks.',
      calledBy: ['researcher'],
      calls: [],
    });
    expect(result.input.agents).toEqual([
      { name: 'boss', role: 'orchestrator', description: 'Routes.', calls: ['researcher'] },
      { name: 'researcher', role: 'specialist', description: 'Researches.', calls: ['checker'] },
      { name: 'checker', role: 'specialist', description: 'Checks.' },
    ]);
  });

  it('gives a new agent the system’s memory, as every agent has it unless it opts out', () => {
    const withMemory = { ...base(), memory: { longTerm: ['semantic'] } };
    const result = addAgent(withMemory, { name: 'writer', description: 'Writes.' });
    expect(result.input.agents).toContainEqual({
      name: 'writer',
      role: 'specialist',
      description: 'Writes.',
    });
    expect(result.spec.agents.map((a) => [a.name, a.memory])).toEqual([
      ['boss', true],
      ['researcher', true],
      ['writer', true],
    ]);
    const without = addAgent(base(), { name: 'writer', description: 'Writes.' });
    expect(without.spec.agents.map((a) => a.memory)).toEqual([false, false, false]);
  });

  it('is idempotent', () => {
    const once = addAgent(base(), {
      name: 'writer',
      description: 'Writes.',
      calledBy: ['boss', 'researcher'],
    });
    const twice = addAgent(once.input, {
      name: 'writer',
      description: 'Writes.',
      calledBy: ['boss', 'researcher'],
    });
    expect(twice.changed).toBe(false);
    expect(twice.input).toEqual(once.input);
  });

  it('refuses a name in use with another description', () => {
    expect(
      problemsOf(() => addAgent(base(), { name: 'researcher', description: 'Other.' })),
    ).toEqual(['--name: an agent of this name already exists with another description or role']);
  });

  it('refuses an unknown caller', () => {
    expect(
      problemsOf(() => addAgent(base(), { name: 'w', description: 'W.', calledBy: ['ghost'] })),
    ).toEqual(['--called-by[0]: names no agent of this system']);
  });

  it('applies every validation rule to the result', () => {
    expect(problemsOf(() => addAgent(base(), { name: 'bad-name', description: 'x' }))).toEqual([
      'agents[2].name: an agent name must start with a letter and hold only letters, digits and underscores (AgentCore runtime names allow nothing else)',
    ]);
    expect(
      problemsOf(() =>
        addAgent(base(), {
          name: 'loop',
          description: 'x',
          calledBy: ['researcher'],
          calls: ['researcher'],
        }),
      ),
    ).toEqual([
      'agents[1].calls: the agents call each other in a cycle: researcher \u2192 loop \u2192 researcher',
    ]);
  });
});

describe('removeAgent', () => {
  it('drops what the stages set for the agent, and keeps the rest of each stage', () => {
    const input = {
      ...base(),
      stages: {
        dev: { agents: { researcher: { modelId: 'x.small' } } },
        prod: {
          region: 'us-west-2',
          agents: { researcher: { modelId: 'x.large' }, boss: { modelId: 'x.large' } },
        },
      },
    };
    const result = removeAgent(input, 'researcher');
    expect(result.input.stages).toEqual({
      dev: {},
      prod: { region: 'us-west-2', agents: { boss: { modelId: 'x.large' } } },
    });
    expect(input.stages.dev.agents.researcher).toEqual({ modelId: 'x.small' });
  });

  it('removes a specialist and every link to it', () => {
    const added = addAgent(base(), {
      name: 'checker',
      description: 'Checks.',
      calledBy: ['boss', 'researcher'],
    });
    const result = removeAgent(added.input, 'checker');
    expect(result.changed).toBe(true);
    expect(result.spec.agents.map((a) => [a.name, a.calls])).toEqual([
      ['boss', ['researcher']],
      ['researcher', []],
    ]);
  });

  it('refuses a name that is no agent, naming the agents that exist', () => {
    expect(problemsOf(() => removeAgent(base(), 'nobody'))).toEqual([
      '--name: names no agent of this system',
    ]);
  });

  it('refuses to remove the orchestrator', () => {
    expect(problemsOf(() => removeAgent(base(), 'boss'))).toEqual([
      '--name: the orchestrator is the entry point of the system and cannot be removed',
    ]);
  });
});
