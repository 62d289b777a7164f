import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTH_ERROR_REPORTER } from '../../src/projen/tasks';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs a project definition the way a generated project's synth task does (ts-node, with
 * the task's preload), from this checkout's sources.
 */
function synthesize(dir: string) {
  const projenrc = join(dir, '.projenrc.ts');
  writeFileSync(
    projenrc,
    [
      `import { AgentCoreMultiAgentProject } from ${JSON.stringify(join(ROOT, 'src', 'projen'))};`,
      `new AgentCoreMultiAgentProject({ name: 'broken', outdir: ${JSON.stringify(dir)} }).synth();`,
    ].join('\n'),
  );
  return spawnSync(
    join(ROOT, 'node_modules', '.bin', 'ts-node'),
    [
      '--transpile-only',
      '--project',
      join(ROOT, 'tsconfig.json'),
      '--require',
      join(ROOT, 'src', 'projen', 'report-errors.ts'),
      projenrc,
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, PROJEN_DISABLE_POST: 'true' } },
  );
}

describe('npx projen on a broken agents.json', () => {
  it('prints the validation report, no stack trace, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'projen-broken-'));
    writeFileSync(
      join(dir, 'agents.json'),
      JSON.stringify({
        name: 'broken',
        region: 'nowhere',
        agents: [{ name: 'boss', role: 'orchestrator', description: 'Routes.' }],
      }),
    );
    const result = synthesize(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'The agent system in agents.json has 1 problem:\n' +
        '  - region: is not an AWS region code (got "nowhere"). Fix: use a region such as "us-east-1" or "eu-west-1"\n',
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  it('is what the synth task preloads, under a path the package exports', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const subpath = `.${SYNTH_ERROR_REPORTER.slice(manifest.name.length)}`;
    expect(manifest.exports[subpath]).toBe('./lib/projen/report-errors.js');
  });
});
