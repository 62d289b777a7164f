import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSystem, main } from '../../src/cli/create';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const workdir = () => mkdtempSync(join(tmpdir(), 'create-'));

describe('create-agentcore-multiagent', () => {
  it('renders the demo system into a new directory', async () => {
    const dir = join(workdir(), 'Demo App');
    const { code, out } = await run(dir);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'agents.json']);
    expect(JSON.parse(readFileSync(join(dir, 'agents.json'), 'utf8'))).toEqual(
      demoSystem('demo-app'),
    );
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      'a_orchestrator -->|call_researcher| a_researcher',
    );
    expect(out).toContain('Created demo-app');
    expect(out).toContain('Deploy order (callees first): researcher + writer → orchestrator');
  });

  it('renders a system from --spec', async () => {
    const root = workdir();
    const spec = join(root, 'agents.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'solo',
        agents: [{ name: 'only', role: 'orchestrator', description: 'Does it all.' }],
      }),
    );
    const { code, out } = await run(join(root, 'out'), '--spec', spec);
    expect(code).toBe(0);
    expect(out).toContain('Created solo');
  });

  it('reports every problem of a bad spec and writes nothing', async () => {
    const root = workdir();
    const spec = join(root, 'agents.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'Bad',
        agents: [{ name: 'a-b', role: 'orchestrator', description: '' }],
      }),
    );
    const { code, err } = await run(join(root, 'out'), '--spec', spec);
    expect(code).toBe(1);
    expect(err).toContain('has 3 problems');
    expect(err).toContain('agents[0].name: an agent name must start with a letter');
    expect(existsSync(join(root, 'out'))).toBe(false);
    expect(readdirSync(root)).toEqual(['agents.json']);
  });

  it('refuses a non-empty directory unless --force, and never overwrites', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const refused = await run(dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is not empty \(it holds notes\.txt\)\. Fix: .*--force/);

    writeFileSync(join(dir, 'README.md'), 'my readme');
    const clash = await run(dir, '--force');
    expect(clash.code).toBe(1);
    expect(clash.err).toContain('already has README.md');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my readme');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'notes.txt']);
  });

  it('adds beside existing files with --force', async () => {
    const dir = workdir();
    mkdirSync(join(dir, '.git'));
    const { code } = await run(dir, '--force');
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.git', 'README.md', 'agents.json']);
    expect(
      readdirSync(join(dir, '..')).filter((f) => f.startsWith(`.${dir.split('/').pop()}-`)),
    ).toEqual([]);
  });

  it('names a missing spec file', async () => {
    const { code, err } = await run(join(workdir(), 'x'), '--spec', '/nonexistent/agents.json');
    expect(code).toBe(1);
    expect(err).toContain('(file): cannot be read: ENOENT');
  });

  it('answers --help and --version, and rejects unknown flags with usage', async () => {
    expect((await run('--help')).out).toContain('Usage: create-agentcore-multiagent');
    expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await run('--nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Unknown option '--nope'");
    expect(bad.err).toContain('Usage:');
  });
});
