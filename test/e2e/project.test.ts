import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../evals/parse-xml';
import { type LocalRegistry, type PublishedVersion, startRegistry } from './registry';

// The whole product as a user meets it: two versions of this package published to a
// registry on 127.0.0.1, a project (with memory) scaffolded from the older one with npx
// and flags, installed, built (synth with the validators on, agents type-checked, the
// project's own tests), grown with add-agent, shrunk with remove-agent, and moved to the
// newer version with `npx projen upgrade`.

const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'e2e-project-'));
const app = join(work, 'app');
const PACKAGE = 'create-agentcore-multiagent';
// Versions no earlier run published: npx keeps what it installed for a package spec.
const stamp = Math.floor(Date.now() / 1000);
const OLDER = `1.${stamp}.0`;
const NEWER = `1.${stamp + 1}.0`;

let registry: LocalRegistry | undefined;
/** What every command sees: the local registry, and npx installing without asking. */
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  CI: 'true',
  NO_COLOR: '1',
  npm_config_registry: registry?.url,
  npm_config_yes: 'true',
});

/** Runs a command (the registry answers meanwhile); returns its status and all it printed. */
function exec(command: string, args: string[], cwd: string) {
  return new Promise<{ status: number | null; output: string }>((done, failed) => {
    const child = spawn(command, args, { cwd, env: env() });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', failed);
    child.on('close', (status) => done({ status, output }));
  });
}

/** Runs a command; fails the test with its output when it exits non-zero. */
async function run(command: string, args: string[], cwd: string) {
  const { status, output } = await exec(command, args, cwd);
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${status}\n${output}`);
  return output;
}

/** Runs a command expected to fail; returns what it printed. */
async function fail(command: string, args: string[], cwd: string) {
  const { status, output } = await exec(command, args, cwd);
  expect(status, `${command} ${args.join(' ')} should fail`).not.toBe(0);
  return output;
}

/** Every file of the project outside node_modules (and git's own), by path, as a content hash. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (!entry.isFile() || /^(node_modules|cdk\.out|dist|\.git)\/|\/dist\//.test(path)) continue;
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

function edit(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/** Packs the package in `dir` into the work folder as npm publishes it (its `files`). */
function pack(dir: string): string {
  const file = execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return join(work, file.trim());
}

/** This build's tarball (`packed`) as `version`, after `change` edits the unpacked copy. */
function release(packed: string, version: string, change: (dir: string) => void): PublishedVersion {
  const dir = join(work, version);
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', packed, '-C', dir, '--strip-components=1']);
  edit(join(dir, 'package.json'), (text) => JSON.stringify({ ...JSON.parse(text), version }));
  change(dir);
  return {
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')),
    tarball: pack(dir),
  };
}

/** The older release pinned esbuild one patch lower, so the upgrade brings a new pin. */
const OLDER_ESBUILD = '0.28.1';
/** What the newer release's templates add to every file they render. */
const UPGRADED = 'upgraded template';

const managedFiles = () =>
  JSON.parse(readFileSync(join(app, '.projen', 'files.json'), 'utf8')).files as string[];
const manifest = () => JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));

describe('a generated project, end to end', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '--build'], { cwd: ROOT });
    const packed = pack(ROOT);
    const older = release(packed, OLDER, (dir) => {
      edit(join(dir, 'lib', 'projen', 'versions.js'), (text) =>
        text.replace(/esbuild: '[^']+'/, `esbuild: '${OLDER_ESBUILD}'`),
      );
      edit(join(dir, 'package.json'), (text) => {
        const m = JSON.parse(text);
        return JSON.stringify({
          ...m,
          peerDependencies: { ...m.peerDependencies, esbuild: `^${OLDER_ESBUILD}` },
        });
      });
    });
    const newer = release(packed, NEWER, (dir) => {
      for (const template of [
        'agent/src/generated/peers.ts.hbs',
        'agent/src/generated/main.ts.hbs',
        'agent/Dockerfile.hbs',
      ]) {
        const marker = template.endsWith('Dockerfile.hbs') ? `# ${UPGRADED}` : `// ${UPGRADED}`;
        edit(join(dir, 'templates', template), (text) => `${marker}\n${text}`);
      }
    });
    const upstream = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
    registry = await startRegistry([older, newer], upstream.trim());
  }, 300_000);

  afterAll(async () => {
    await registry?.close();
  });

  it('scaffolds with npx create-agentcore-multiagent@<version> and flags, never prompting', async () => {
    const out = await run(
      'npx',
      [
        `${PACKAGE}@${OLDER}`,
        app,
        '--specialist',
        'researcher=Researches a topic and reports facts with sources',
        '--specialist',
        'writer=Writes clear prose from notes',
        '--long-term-memory',
        'semantic',
        '--no-install',
      ],
      work,
    );
    expect(out).toContain('Created app');
    expect(manifest().dependencies[PACKAGE]).toBe(OLDER);
    expect(JSON.parse(readFileSync(join(app, 'agents.json'), 'utf8')).memory).toEqual({
      longTerm: ['semantic'],
    });
  });

  it('installs, and a fresh project shows no diff after npx projen', async () => {
    await run('npm', ['install', '--no-audit', '--no-fund'], app);
    const before = snapshot(app);
    await run('npx', ['projen'], app);
    expect(changed(before, snapshot(app))).toEqual([]);
  });

  it('loads every entry point it exports, with require and with import, and its types', () => {
    const { exports } = JSON.parse(
      readFileSync(join(app, 'node_modules', PACKAGE, 'package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    const specifiers = Object.keys(exports).map((subpath) => PACKAGE + subpath.slice(1));
    expect(specifiers).toEqual(
      expect.arrayContaining([PACKAGE, `${PACKAGE}/constructs`, `${PACKAGE}/dev`]),
    );
    // The names each module system sees an entry point export: an ES module gets the
    // names Node finds in the CommonJS build, and only those can be imported by name.
    const names = (args: string[], load: string): Record<string, string[]> =>
      JSON.parse(
        execFileSync('node', [...args, '-e', `${load}\nconsole.log(JSON.stringify(names));`], {
          cwd: app,
          encoding: 'utf8',
        }),
      );
    const list = JSON.stringify(specifiers);
    const required = names(
      [],
      `const names = {};
       for (const s of ${list}) names[s] = Object.keys(require(s));`,
    );
    const imported = names(
      ['--input-type=module'],
      `const names = {};
       for (const s of ${list}) {
         const json = s.endsWith('.json');
         const m = await import(s, json ? { with: { type: 'json' } } : undefined);
         names[s] = Object.keys(json ? m.default : m);
       }`,
    );
    for (const s of specifiers) {
      expect(imported[s], s).toEqual(expect.arrayContaining(required[s]));
      if (!s.endsWith('/report-errors')) expect(required[s].length, s).toBeGreaterThan(0);
    }

    // Types: every code entry point resolves to its declarations from an ES module and
    // from a CommonJS one, as TypeScript resolves package exports (nodenext).
    const code = specifiers.filter((s) => !s.endsWith('.json'));
    const dir = join(app, 'entry-points');
    mkdirSync(dir);
    try {
      writeFileSync(
        join(dir, 'esm.mts'),
        code.map((s, i) => `export * as e${i} from '${s}';\n`).join(''),
      );
      writeFileSync(
        join(dir, 'cjs.cts'),
        code.map((s, i) => `import e${i} = require('${s}');\nexport { e${i} };\n`).join(''),
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
          },
          files: ['esm.mts', 'cjs.cts'],
        }),
      );
      const tsc = spawnSync('npx', ['tsc', '-p', dir], { cwd: app, encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('builds: synthesizes with the validators on and passes its own tests offline', async () => {
    const out = await run('npx', ['projen', 'build'], app);
    expect(out).toMatch(/Test Files\s+2 passed/);
    const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'app.template.json'), 'utf8'));
    const runtimes = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::BedrockAgentCore::Runtime',
    );
    expect(runtimes).toHaveLength(3);
    const memories = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::BedrockAgentCore::Memory',
    );
    expect(memories).toHaveLength(1);
  });

  it('type-checks the CDK app before every synth, so a type error stops cdk synth', async () => {
    const main = join(app, 'src', 'main.ts');
    const before = readFileSync(main, 'utf8');
    writeFileSync(main, `${before}\nexport const port: number = 'eighty';\n`);
    try {
      const out = await fail('npx', ['cdk', 'synth', '-q'], app);
      expect(out).toContain('src/main.ts');
      expect(out).toContain("Type 'string' is not assignable to type 'number'");
    } finally {
      writeFileSync(main, before);
    }
  });

  it('deploys once per stage when agents.json has stages: a stack each, synthesized', async () => {
    const agents = join(app, 'agents.json');
    const before = readFileSync(agents, 'utf8');
    const stages = {
      dev: {},
      prod: { region: 'eu-west-1', account: '123456789012', modelId: 'eu.amazon.nova-pro-v1:0' },
    };
    writeFileSync(agents, JSON.stringify({ ...JSON.parse(before), stages }, undefined, 2));
    try {
      await run('npx', ['projen'], app);
      expect(readFileSync(join(app, 'README.md'), 'utf8')).toContain(
        '| prod | `app-prod` | `123456789012` | `eu-west-1` |',
      );
      // cdk synth runs the build step first (type-check, bundle), then every validator.
      await run('npx', ['cdk', 'synth', '-q'], app);
      const template = (stack: string) =>
        JSON.parse(readFileSync(join(app, 'cdk.out', `${stack}.template.json`), 'utf8'))
          .Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
      for (const stage of ['dev', 'prod']) {
        const resources = Object.values(template(`app-${stage}`));
        const named = (type: string) =>
          resources
            .filter((r) => r.Type === type)
            .map((r) => r.Properties.AgentRuntimeName ?? r.Properties.Name)
            .sort();
        expect(named('AWS::BedrockAgentCore::Runtime')).toEqual(
          ['orchestrator', 'researcher', 'writer'].map((a) => `app_${stage}_${a}`),
        );
        expect(named('AWS::BedrockAgentCore::Memory')).toEqual([`app_${stage}_memory`]);
      }
      // Through the project's task: it will not guess which stage to deploy.
      const refused = await fail('npx', ['projen', 'deploy'], app);
      expect(refused).toContain(
        'agents.json describes 2 stages (dev, prod) and this acts on one; name it with --stage, e.g. --stage dev',
      );
    } finally {
      writeFileSync(agents, before);
      await run('npx', ['projen'], app);
    }
  });

  it('checks routing with npx projen eval: the scaffolded cases pass on the offline model', async () => {
    const cases = JSON.parse(readFileSync(join(app, 'evals', 'routing.json'), 'utf8'));
    // Editors find the schema where the file says, in the installed package.
    expect(existsSync(join(app, 'evals', cases.$schema))).toBe(true);
    // Options reach the command through the projen task.
    const junit = join(work, 'eval.xml');
    const out = await run('npx', ['projen', 'eval', '--repeat', '2', '--junit', junit], app);
    expect(out).toMatch(/^reaches writer +writer +writer +2\/2 PASS/m);
    expect(out).toContain('3 of 3 cases passed · routing accuracy 100% (6 of 6 runs)');
    expect(parseXml(readFileSync(junit, 'utf8')).attrib).toMatchObject({
      tests: '3',
      failures: '0',
      errors: '0',
    });
  });

  it('reports a broken agents.json on npx projen as its report, without a stack trace', async () => {
    const agents = join(app, 'agents.json');
    const before = readFileSync(agents, 'utf8');
    writeFileSync(agents, before.replace(/"name": "writer"/, '"name": "writer-2"'));
    const out = await fail('npx', ['projen'], app);
    writeFileSync(agents, before);
    expect(out).toContain(
      'The agent system in agents.json has 1 problem:\n  - agents[2].name: an agent name must start with a letter',
    );
    expect(out).toContain('Fix: use "writer_2"');
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('refuses a bad add-agent with the validator\u2019s message and leaves agents.json alone', async () => {
    const before = readFileSync(join(app, 'agents.json'), 'utf8');
    const out = await fail(
      'npx',
      ['projen', 'add-agent', '--name', 'bad-name', '--description', 'x'],
      app,
    );
    expect(out).toContain('agents[3].name: an agent name must start with a letter');
    expect(out).toContain('Fix: use "bad_name"');
    const cycle = await fail(
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

  it('adds an agent with add-agent, rewiring bindings, grants and order, and builds again', async () => {
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
    await run('npx', addCritic, app);
    expect(existsSync(join(app, 'agents', 'critic', 'src', 'agent.ts'))).toBe(true);
    expect(
      readFileSync(join(app, 'agents', 'writer', 'src', 'generated', 'peers.ts'), 'utf8'),
    ).toContain('call_critic');
    expect(readFileSync(join(app, 'agents', 'researcher', 'src', 'agent.ts'), 'utf8')).toBe(
      userCode,
    );
    // It follows the system's memory, as every agent does unless it opts out.
    expect(
      readFileSync(join(app, 'agents', 'critic', 'src', 'generated', 'main.ts'), 'utf8'),
    ).toContain('memory: { longTerm: true, extraction: false }');
    expect(readFileSync(join(app, 'README.md'), 'utf8')).toContain(
      'a_writer -->|call_critic| a_critic',
    );
    expect(
      JSON.parse(readFileSync(join(app, 'agents.json'), 'utf8')).agents.at(-1).description,
    ).toBe('Reviews drafts for mistakes; rm -rf ~');
    // Running it again changes nothing.
    const before = snapshot(app);
    await run('npx', addCritic, app);
    expect(changed(before, snapshot(app))).toEqual([]);
    await run('npx', ['projen', 'build'], app);
  });

  // The build after the upgrade below is also the build of the project this leaves.
  it('removes the agent with remove-agent, keeping the user\u2019s code', async () => {
    const userCode = readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8');
    await run('npx', ['projen', 'remove-agent', '--name', 'critic'], app);
    expect(managedFiles().filter((f) => f.startsWith('agents/critic/'))).toEqual([]);
    expect(existsSync(join(app, 'agents', 'critic', 'src', 'generated', 'peers.ts'))).toBe(false);
    expect(readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8')).toBe(userCode);
    expect(
      readFileSync(join(app, 'agents', 'writer', 'src', 'generated', 'peers.ts'), 'utf8'),
    ).not.toContain('call_critic');
    // critic is no agent any more: removing it again is refused and deletes nothing.
    expect(
      await fail('npx', ['projen', 'remove-agent', '--name', 'critic', '--delete-files'], app),
    ).toContain('--name: names no agent of this system (got "critic")');
    expect(readFileSync(join(app, 'agents', 'critic', 'src', 'agent.ts'), 'utf8')).toBe(userCode);
    rmSync(join(app, 'agents', 'critic'), { recursive: true });
  });

  it('upgrades with npx projen upgrade: newest version, its pins, every managed file, no user file', async () => {
    // The user's own changes, in files that are theirs.
    appendFileSync(join(app, 'src', 'main.ts'), '// my own resources go here\n');
    appendFileSync(join(app, 'agents', 'writer', 'src', 'agent.ts'), '// my own tool\n');
    appendFileSync(join(app, 'README.md'), '\nMy notes.\n');
    // Every file but the managed ones, and the package manifest and lockfile the upgrade
    // rewrites.
    const userFiles = [...snapshot(app).keys()].filter(
      (f) => !managedFiles().includes(f) && !['package.json', 'package-lock.json'].includes(f),
    );
    expect(userFiles).toEqual(
      expect.arrayContaining([
        '.projenrc.ts',
        'agents.json',
        'README.md',
        'src/main.ts',
        'agents/orchestrator/src/agent.ts',
        'test/system.test.ts',
      ]),
    );
    expect(manifest().devDependencies.esbuild).toBe(OLDER_ESBUILD);
    const before = snapshot(app);

    await run('npx', ['projen', 'upgrade'], app);
    const after = snapshot(app);

    const installed = (name: string) =>
      JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(manifest().dependencies[PACKAGE]).toBe(NEWER);
    expect(installed(PACKAGE)).toBe(NEWER);
    // The pin the newer version brings, written and installed.
    const esbuild = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies
      .esbuild;
    expect(manifest().devDependencies.esbuild).toBe(esbuild);
    expect(installed('esbuild')).toBe(esbuild);

    const updated = changed(before, after);
    const rendered = managedFiles().filter((f) =>
      /generated\/(peers|main)\.ts$|Dockerfile$/.test(f),
    );
    expect(rendered.length).toBe(9);
    for (const file of rendered) {
      expect(updated, file).toContain(file);
      expect(readFileSync(join(app, file), 'utf8')).toContain(UPGRADED);
    }
    for (const file of userFiles) expect(after.get(file), file).toBe(before.get(file));

    await run('npx', ['projen', 'build'], app);
  });
});
