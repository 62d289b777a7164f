import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editAgentsFile } from '../../src/cli/agents-file';
import { addAgentCommand } from '../../src/cli/project-commands';
import { addAgent } from '../../src/spec/edit';
import { buildCli, CLI_ENV, runCli } from './cli-process';

const SYSTEM = {
  name: 'demo',
  agents: [{ name: 'boss', role: 'orchestrator', description: 'Routes.' }],
};

function project(system: object = SYSTEM) {
  const dir = mkdtempSync(join(tmpdir(), 'agents-file-'));
  writeFileSync(join(dir, 'agents.json'), `${JSON.stringify(system, undefined, 2)}\n`);
  return dir;
}
const namesIn = (path: string): string[] =>
  JSON.parse(readFileSync(path, 'utf8')).agents.map((a: { name: string }) => a.name);
const add = (dir: string, name: string) =>
  addAgentCommand(['--project', dir, '--name', name, '--description', 'Does it.'], () => undefined);

const holders: ChildProcess[] = [];
afterAll(() => {
  for (const child of holders) child.kill();
});
/** A process that stays alive until the tests end, to hold a lock. */
function liveProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
    stdio: 'ignore',
  });
  holders.push(child);
  return child.pid as number;
}

describe('agents.json edits respect the file', () => {
  it('writes through a symbolic link, to the file it points to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agents-file-'));
    const shared = project();
    chmodSync(join(shared, 'agents.json'), 0o640);
    const link = join(dir, 'agents.json');
    symlinkSync(join(shared, 'agents.json'), link);

    add(dir, 'scout');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(namesIn(join(shared, 'agents.json'))).toEqual(['boss', 'scout']);
    expect(statSync(join(shared, 'agents.json')).mode & 0o777).toBe(0o640);
    // Nothing left beside either: no temporary file, no lock.
    expect(readdirSync(shared)).toEqual(['agents.json']);
    expect(readdirSync(dir)).toEqual(['agents.json']);
  });

  it('refuses a read-only agents.json, with the fix, and leaves it as it is', () => {
    const dir = project();
    const path = join(dir, 'agents.json');
    const before = readFileSync(path, 'utf8');
    chmodSync(path, 0o444);
    expect(() => add(dir, 'scout')).toThrow(
      `${path} is read-only (mode 0444), so it was left as it is. Fix: make it writable (chmod u+w ${path}) and run the command again`,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir)).toEqual(['agents.json']);
  });

  it('names the process that holds the lock when it does not let go, and changes nothing', () => {
    const dir = project();
    const path = join(dir, 'agents.json');
    const before = readFileSync(path, 'utf8');
    const pid = liveProcess();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, since: '2026-01-01T00:00:00.000Z' }));
    expect(() =>
      editAgentsFile(dir, (input) => addAgent(input, { name: 'x', description: 'X.' }), {
        waitMs: 100,
      }),
    ).toThrow(
      `agents.json is being changed by another command (process ${pid}, since 2026-01-01T00:00:00.000Z), so nothing was changed.`,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('takes over a lock its process left behind when it died', () => {
    const dir = project();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'agents.json.lock'), JSON.stringify({ pid: dead, since: 'then' }));
    add(dir, 'scout');
    expect(namesIn(join(dir, 'agents.json'))).toEqual(['boss', 'scout']);
    expect(readdirSync(dir)).toEqual(['agents.json']);
  });
});

describe('agents.json edits by processes of their own', () => {
  let cli: string;
  beforeAll(async () => {
    cli = await buildCli(mkdtempSync(join(tmpdir(), 'agents-file-cli-')));
  });

  it('loses no agent when add-agent and remove-agent run at once', async () => {
    const dir = project();
    const old = Array.from({ length: 4 }, (_, i) => `old_${i}`);
    for (const name of old) add(dir, name);
    const added = Array.from({ length: 4 }, (_, i) => `new_${i}`);
    const runs = await Promise.all([
      ...added.map((name) =>
        runCli(cli, ['add-agent', '--project', dir, '--name', name, '--description', 'New.']),
      ),
      ...old.map((name) => runCli(cli, ['remove-agent', '--project', dir, '--name', name])),
    ]);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    expect(namesIn(join(dir, 'agents.json')).sort()).toEqual(['boss', ...added]);
    expect(readdirSync(dir)).toEqual(['agents.json']);
  });

  it('leaves agents.json whole and nothing beside it when writing it fails', () => {
    // A file-size limit applies to root as well: writing more than 1 KiB fails with EFBIG
    // (SIGXFSZ ignored, as a shell's trap leaves it for the command it runs).
    const agents = [
      { name: 'boss', role: 'orchestrator', description: 'Routes.' },
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `helper_${i}`,
        role: 'specialist',
        description: 'Helps with a task of its own, at some length, to make the file large.',
      })),
    ];
    const dir = project({ name: 'demo', agents: agents.slice(0, 1) });
    const path = join(dir, 'agents.json');
    writeFileSync(path, `${JSON.stringify({ name: 'demo', agents: agents.slice(0, 12) })}\n`);
    const before = readFileSync(path, 'utf8');
    const result = spawnSync(
      'bash',
      [
        '-c',
        'trap "" XFSZ; ulimit -f 1; exec "$@"',
        'bash',
        process.execPath,
        cli,
        'add-agent',
        '--project',
        dir,
        '--name',
        'helper_12',
        '--description',
        agents[12].description,
      ],
      { env: CLI_ENV, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^agentcore-multiagent: could not write ${path}: EFBIG: file too large, write; it was left as it was\\n$`,
      ),
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['agents.json']);
  });
});
