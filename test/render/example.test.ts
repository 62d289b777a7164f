import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../dev/harness';

const EXAMPLE = join(REPO, 'examples', 'research-team');
const copy = mkdtempSync(join(tmpdir(), 'acm-example-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Runs the Biome this package pins in a folder: what it prints, or its report when it fails. */
function biome(args: string[], cwd: string): string {
  const result = spawnSync(
    process.execPath,
    [require.resolve('@biomejs/biome/bin/biome'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`biome ${args.join(' ')} failed:\n${output}`);
  return output;
}

describe('the example project (examples/research-team, as the scaffolder renders it)', () => {
  it('passes the formatter and linter it is generated with, in every file it has', () => {
    cpSync(EXAMPLE, copy, { recursive: true });
    // Its own configuration, but over every file, the generated ones too: they are
    // printed by templates, and a user reads them as much as their own.
    const config = JSON.parse(
      readFileSync(join(copy, 'biome.jsonc'), 'utf8').replace(/^\/\/.*\n/, ''),
    );
    delete config.$schema;
    config.vcs = { enabled: false };
    config.files.includes = ['**', '!**/*.md'];
    writeFileSync(join(copy, 'biome.jsonc'), `${JSON.stringify(config, undefined, 2)}\n`);
    const report = biome(
      ['ci', '--colors=off', '--error-on-warnings', '--max-diagnostics=50', '.'],
      copy,
    );
    // Every TypeScript and JSON file: agents, tests, the CDK app, generated bindings.
    expect(Number(/Checked (\d+) files/.exec(report)?.[1])).toBeGreaterThanOrEqual(28);
  });

  it('formats its own code and the files its user edits with its `biome` task', () => {
    const config = JSON.parse(
      readFileSync(join(EXAMPLE, 'biome.jsonc'), 'utf8').replace(/^\/\/.*\n/, ''),
    );
    expect(config.files.includes).toEqual(
      expect.arrayContaining(['src/**', 'test/**', 'agents/**', 'agents.json', 'evals/**']),
    );
    // Generated files are the templates' to format, not the user's task's.
    expect(config.files.includes).toContain('!agents/orchestrator/src/generated/peers.ts');
    const tasks = JSON.parse(readFileSync(join(EXAMPLE, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks.biome.steps[0].execArgs.slice(0, 2)).toEqual(['biome', 'check']);
    expect(tasks.test.steps).toContainEqual({ spawn: 'biome' });
  });
});
