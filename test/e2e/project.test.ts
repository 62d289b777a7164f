import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The whole product as a user meets it: this package packed into a tarball, a project
// scaffolded from it with npx and flags, installed from the registry, built (synth with
// the validators on, agents type-checked, the project's own tests), grown with add-agent,
// shrunk with remove-agent, and upgraded to another build of this package.

const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'e2e-project-'));
const app = join(work, 'app');

/** Runs a command; fails the test with its output when it exits non-zero. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return `${result.stdout}${result.stderr}`;
}

/** Runs a command expected to fail; returns what it printed. */
function fail(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  expect(result.status, `${command} ${args.join(' ')} should fail`).not.toBe(0);
  return `${result.stdout}${result.stderr}`;
}

/** Every file of the project outside node_modules, by path, as a content hash. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (!entry.isFile() || /^(node_modules|cdk\.out|dist)\/|\/dist\//.test(path)) continue;
    files.set(
      path,
      createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex'),
    );
  }
  return files;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

function pack(dir: string): string {
  const name = execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: dir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  return join(work, name ?? '');
}

const managedFiles = () =>
  JSON.parse(readFileSync(join(app, '.projen', 'files.json'), 'utf8')).files as string[];

describe('a generated project, end to end', { timeout: 600_000 }, () => {
  let tarball: string;

  beforeAll(() => {
    run('npx', ['tsc', '--build'], ROOT);
    tarball = pack(ROOT);
  }, 300_000);

  it('scaffolds from the packed tarball with flags, never prompting', () => {
    const out = run(
      'npx',
      [
        '--yes',
        '--package',
        tarball,
        'create-agentcore-multiagent',
        app,
        '--specialist',
        'researcher=Researches a topic and reports facts with sources',
        '--specialist',
        'writer=Writes clear prose from notes',
        '--no-install',
      ],
      work,
    );
    expect(out).toContain('Created app');
    expect(readFileSync(join(app, 'package.json'), 'utf8')).toContain(
      `"create-agentcore-multiagent": "file:${tarball}"`,
    );
  });

  it('installs, and a fresh project shows no diff after npx projen', () => {
    run('npm', ['install', '--no-audit', '--no-fund'], app);
    const before = snapshot(app);
    run('npx', ['projen'], app);
    expect(changed(before, snapshot(app))).toEqual([]);
  });

  it('builds: synthesizes with the validators on and passes its own tests offline', () => {
    const out = run('npx', ['projen', 'build'], app);
    expect(out).toMatch(/Test Files\s+2 passed/);
    const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'app.template.json'), 'utf8'));
    const runtimes = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::BedrockAgentCore::Runtime',
    );
    expect(runtimes).toHaveLength(3);
  });

  it('refuses a bad add-agent with the validator\u2019s message and leaves agents.json alone', () => {
    const before = readFileSync(join(app, 'agents.json'), 'utf8');
    const out = fail(
      'npx',
      ['projen', 'add-agent', '--name', 'bad-name', '--description', 'x'],
      app,
    );
    expect(out).toContain('agents[3].name: an agent name must start with a letter');
    expect(out).toContain('Fix: use "bad_name"');
    const cycle = fail(
      'npx',
      [
        'projen',
        'add-agent',
        '--name',
        'loop',
        '--description',
        'Loops.',
        '--called-by',
        'researcher',
        '--calls',
        'researcher',
      ],
      app,
    );
    expect(cycle).toContain('cycle: researcher \u2192 loop \u2192 researcher');
    expect(readFileSync(join(app, 'agents.json'), 'utf8')).toBe(before);
  });

  it('adds an agent with add-agent, rewiring bindings, grants and order, and builds again', () => {
    const userCode = readFileSync(join(app, 'agents', 'researcher', 'src', 'agent.ts'), 'utf8');
    // The description would run a command if it reached a shell: it must stay text.
    const addCritic = [
      'projen',
      'add-agent',
      '--name',
      'critic',
      '--description',
      'Reviews drafts for mistakes; rm -rf ~',
      '--called-by',
      'orchestrator,writer',
    ];
    run('npx', addCritic, app);
    expect(existsSync(join(app, 'agents', 'critic', 'src', 'agent.ts'))).toBe(true);
    expect(
      readFileSync(join(app, 'agents', 'writer', 'src', 'generated', 'peers.ts'), 'utf8'),
    ).toContain('call_critic');
    expect(readFileSync(join(app, 'agents', 'researcher', 'src', 'agent.ts'), 'utf8')).toBe(
      userCode,
    );
    expect(readFileSync(join(app, 'README.md'), 'utf8')).toContain(
      'a_writer -->|call_critic| a_critic',
    );
    expect(
      JSON.parse(readFileSync(join(app, 'agents.json'), 'utf8')).agents.at(-1).description,
    ).toBe('Reviews drafts for mistakes; rm -rf ~');
    // Running it again changes nothing.
    const before = snapshot(app);
    run('npx', addCritic, app);
    expect(changed(before, snapshot(app))).toEqual([]);
    run('npx', ['projen', 'build'], app);
  });

  it('removes the agent with remove-agent, keeping the user\u2019s code, and builds again', () => {
    const userCode = readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8');
    run('npx', ['projen', 'remove-agent', '--name', 'critic'], app);
    expect(managedFiles().filter((f) => f.startsWith('agents/critic/'))).toEqual([]);
    expect(existsSync(join(app, 'agents', 'critic', 'src', 'generated', 'peers.ts'))).toBe(false);
    expect(readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8')).toBe(userCode);
    expect(
      readFileSync(join(app, 'agents', 'writer', 'src', 'generated', 'peers.ts'), 'utf8'),
    ).not.toContain('call_critic');
    // critic is no agent any more: removing it again is refused and deletes nothing.
    expect(
      fail('npx', ['projen', 'remove-agent', '--name', 'critic', '--delete-files'], app),
    ).toContain('--name: names no agent of this system (got "critic")');
    expect(readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8')).toBe(userCode);
    rmSync(join(app, 'agents', 'critic'), { recursive: true });
    run('npx', ['projen', 'build'], app);
  });

  it('upgrades: another build of the package regenerates every managed file and no user file', () => {
    // A second build of this package: a new version whose templates changed.
    const next = join(work, 'next');
    cpSync(ROOT, next, {
      recursive: true,
      filter: (src) => !/\/(node_modules|\.git|dist|\.tmp)$/.test(src),
    });
    const manifest = JSON.parse(readFileSync(join(next, 'package.json'), 'utf8'));
    writeFileSync(
      join(next, 'package.json'),
      JSON.stringify({ ...manifest, version: '99.0.0' }, undefined, 2),
    );
    for (const template of [
      'templates/agent/src/generated/peers.ts.hbs',
      'templates/agent/src/generated/main.ts.hbs',
      'templates/project/main.ts.hbs',
      'templates/agent/Dockerfile.hbs',
    ]) {
      const path = join(next, template);
      const marker = template.endsWith('Dockerfile.hbs')
        ? '# upgraded template'
        : '// upgraded template';
      writeFileSync(path, `${marker}\n${readFileSync(path, 'utf8')}`);
    }
    const nextTarball = pack(next);

    // Every file but the managed ones, the edited .projenrc.ts, and the package manifest and
    // lockfile that the new dependency changes.
    const userFiles = [...snapshot(app).keys()].filter(
      (f) =>
        !managedFiles().includes(f) &&
        !['.projenrc.ts', 'package.json', 'package-lock.json'].includes(f),
    );
    expect(userFiles).toEqual(
      expect.arrayContaining([
        'agents.json',
        'README.md',
        'agents/orchestrator/src/agent.ts',
        'test/system.test.ts',
      ]),
    );
    const before = snapshot(app);
    const projenrc = readFileSync(join(app, '.projenrc.ts'), 'utf8').replace(tarball, nextTarball);
    writeFileSync(join(app, '.projenrc.ts'), projenrc);
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', `create-agentcore-multiagent@file:${nextTarball}`],
      app,
    );
    run('npx', ['projen'], app);
    const after = snapshot(app);

    const updated = changed(before, after);
    for (const file of managedFiles().filter((f) =>
      /generated\/(peers|main)\.ts$|^src\/main\.ts$|Dockerfile$/.test(f),
    )) {
      expect(updated, file).toContain(file);
      expect(readFileSync(join(app, file), 'utf8')).toContain('upgraded template');
    }
    for (const file of userFiles) expect(after.get(file), file).toBe(before.get(file));
    expect(
      JSON.parse(
        readFileSync(
          join(app, 'node_modules', 'create-agentcore-multiagent', 'package.json'),
          'utf8',
        ),
      ).version,
    ).toBe('99.0.0');
  });
});
