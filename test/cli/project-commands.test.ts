import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(lines).toEqual(['Added agent "scout" to agents.json, called by boss.']);
    removeAgentCommand(['--project', dir, '--name', 'scout'], (l) => lines.push(l));
    expect(agentsOf(dir)).toHaveLength(1);
  });

  it('deletes with --delete-files only the folder an absent agent left, never a live one', () => {
    const dir = project();
    addAgentCommand(
      ['--project', dir, '--name', 'scout', '--description', 'Scouts.'],
      () => undefined,
    );
    mkdirSync(join(dir, 'agents', 'scout', 'src'), { recursive: true });
    mkdirSync(join(dir, 'agents', 'boss', 'src'), { recursive: true });
    const lines: string[] = [];
    for (const name of ['Scout', '..', '-', 'Boss']) {
      removeAgentCommand(['--project', dir, '--name', name, '--delete-files'], (l) =>
        lines.push(l),
      );
    }
    expect(existsSync(join(dir, 'agents', 'scout'))).toBe(true);
    expect(existsSync(join(dir, 'agents', 'boss'))).toBe(true);
    expect(lines.every((l) => l.endsWith('nothing changed.'))).toBe(true);

    removeAgentCommand(['--project', dir, '--name', 'scout'], () => undefined);
    expect(existsSync(join(dir, 'agents', 'scout'))).toBe(true);
    removeAgentCommand(['--project', dir, '--name', 'scout', '--delete-files'], () => undefined);
    expect(existsSync(join(dir, 'agents', 'scout'))).toBe(false);
    expect(existsSync(join(dir, 'agents', 'boss'))).toBe(true);
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
