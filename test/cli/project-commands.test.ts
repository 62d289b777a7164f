import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAgentCommand, removeAgentCommand, UsageError } from '../../src/cli/project-commands';
import { SpecError } from '../../src/spec/problems';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'commands-'));
  writeFileSync(
    join(dir, 'agents.json'),
    `${JSON.stringify({ name: 'demo', agents: [{ name: 'boss', role: 'orchestrator', description: 'Routes.' }] }, undefined, 2)}\n`,
  );
  return dir;
}
const agentsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'agents.json'), 'utf8')).agents;

describe('add-agent and remove-agent on agents.json', () => {
  it('adds an A2A agent and removes it again', () => {
    const dir = project();
    const lines: string[] = [];
    addAgentCommand(
      ['--project', dir, '--name', 'scout', '--description', 'Scouts.', '--protocol', 'A2A'],
      (l) => lines.push(l),
    );
    expect(agentsOf(dir)).toContainEqual({
      name: 'scout',
      role: 'specialist',
      description: 'Scouts.',
      protocol: 'A2A',
    });
    expect(lines).toEqual([
      'Added agent "scout" to agents.json, called by boss.',
      'A case for "npx projen eval" that checks requests reach it; add it to evals/routing.json if you want it:\n  {"name":"reaches scout","prompt":"I need help with this: Scouts.","expect":{"delegates":["scout"]}}',
    ]);
    removeAgentCommand(['--project', dir, '--name', 'scout'], (l) => lines.push(l));
    expect(agentsOf(dir)).toHaveLength(1);
  });

  it('offers a routing case for a new agent but never writes the user\u2019s cases', () => {
    const dir = project();
    mkdirSync(join(dir, 'evals'));
    const cases = '{ "cases": [ { "prompt": "mine", "expect": { "maxMs": 5 } } ] }\n';
    writeFileSync(join(dir, 'evals', 'routing.json'), cases);
    const lines: string[] = [];
    addAgentCommand(
      ['--project', dir, '--name', 'scout', '--description', 'Scouts.', '--called-by', 'boss'],
      (l) => lines.push(l),
    );
    addAgentCommand(
      ['--project', dir, '--name', 'ranger', '--description', 'Ranges.', '--called-by', 'scout'],
      (l) => lines.push(l),
    );
    // Reached through scout: the case asks for both in their own words.
    expect(lines[3]).toContain(
      '{"name":"reaches ranger","prompt":"I need help with this: Scouts. Ranges.","expect":{"delegates":["ranger"]}}',
    );
    expect(readFileSync(join(dir, 'evals', 'routing.json'), 'utf8')).toBe(cases);
  });

  it('deletes with --delete-files the removed agent\u2019s folder and nothing else', () => {
    const dir = project();
    addAgentCommand(
      ['--project', dir, '--name', 'scout', '--description', 'Scouts.'],
      () => undefined,
    );
    for (const folder of ['scout', 'boss', 'notes']) {
      mkdirSync(join(dir, 'agents', folder, 'src'), { recursive: true });
    }
    const lines: string[] = [];
    removeAgentCommand(['--project', dir, '--name', 'scout', '--delete-files'], (l) =>
      lines.push(l),
    );
    expect(lines).toEqual(['Removed agent "scout" and deleted agents/scout/.']);
    expect(readdirSync(join(dir, 'agents')).sort()).toEqual(['boss', 'notes']);
    expect(agentsOf(dir).map((a: { name: string }) => a.name)).toEqual(['boss']);
  });

  it('refuses a name that is no agent, naming the agents, and deletes nothing', () => {
    const dir = project();
    addAgentCommand(
      ['--project', dir, '--name', 'scout', '--description', 'Scouts.'],
      () => undefined,
    );
    // A folder the user wrote by hand, and one an agent removed earlier left behind.
    mkdirSync(join(dir, 'agents', 'notes', 'src'), { recursive: true });
    mkdirSync(join(dir, 'agents', 'scout', 'src'), { recursive: true });
    const before = readFileSync(join(dir, 'agents.json'), 'utf8');
    for (const name of ['notes', 'Scout', '..', '-', 'Boss']) {
      expect(() =>
        removeAgentCommand(['--project', dir, '--name', name, '--delete-files'], () => undefined),
      ).toThrow(SpecError);
    }
    expect(() => removeAgentCommand(['--project', dir, '--name', 'notes'])).toThrow(
      '--name: names no agent of this system (got "notes"). Fix: use one of "boss", "scout"',
    );
    expect(() => removeAgentCommand(['--project', dir, '--name', 'scot'])).toThrow(
      'Fix: did you mean "scout"? The agents are "boss", "scout"',
    );
    expect(readdirSync(join(dir, 'agents')).sort()).toEqual(['notes', 'scout']);
    expect(readFileSync(join(dir, 'agents.json'), 'utf8')).toBe(before);
  });

  it('refuses bad options and leaves agents.json byte-identical', () => {
    const dir = project();
    const before = readFileSync(join(dir, 'agents.json'), 'utf8');
    expect(() =>
      addAgentCommand([
        '--project',
        dir,
        '--name',
        'x',
        '--description',
        'X.',
        '--protocol',
        'gRPC',
      ]),
    ).toThrow(new UsageError('--protocol gRPC is not a protocol; use HTTP or A2A'));
    expect(() => addAgentCommand(['--project', dir, '--name', 'x'])).toThrow(UsageError);
    expect(() =>
      addAgentCommand(['--project', dir, '--name', 'x', '--description', 'X.', '--calls', 'ghost']),
    ).toThrow(SpecError);
    expect(() => removeAgentCommand(['--project', dir, '--name', 'boss'])).toThrow(
      /cannot be removed/,
    );
    expect(readFileSync(join(dir, 'agents.json'), 'utf8')).toBe(before);
  });
});
