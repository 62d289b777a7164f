import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The release workflow's first check: npm publishes with provenance only when
// package.json names the repository the workflow runs in.

const SCRIPT = resolve(__dirname, '..', '..', 'scripts', 'check-repository.mjs');
const dir = mkdtempSync(join(tmpdir(), 'check-repository-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(repository: unknown, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', repository }));
  const { GITHUB_REPOSITORY, GITHUB_SERVER_URL, ...rest } = process.env;
  return spawnSync(process.execPath, [SCRIPT], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...rest, GITHUB_REPOSITORY: 'acme/agents', ...env },
  });
}

describe('scripts/check-repository.mjs', () => {
  it('passes when package.json names the repository the workflow runs in', () => {
    for (const repository of [
      { type: 'git', url: 'https://github.com/acme/agents' },
      { type: 'git', url: 'git+https://github.com/Acme/agents.git' },
      'https://github.com/acme/agents/',
    ]) {
      expect(check(repository).status, JSON.stringify(repository)).toBe(0);
    }
  });

  it('refuses a missing or different repository in one line that names the fix', () => {
    const missing = check(undefined);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'package.json repository: npm provenance needs it to name this repository (got none). ' +
        "Fix: set repository: 'https://github.com/acme/agents' in .projenrc.ts, run npx projen and commit.",
    );
    const other = check({ type: 'git', url: 'https://github.com/acme/other' });
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('(got "https://github.com/acme/other")');
  });

  it('compares with the server the workflow runs on', () => {
    const enterprise = { GITHUB_SERVER_URL: 'https://git.example.com' };
    expect(check('https://github.com/acme/agents', enterprise).status).toBe(1);
    expect(check('https://git.example.com/acme/agents', enterprise).status).toBe(0);
  });

  it('refuses to run outside the release workflow', () => {
    const outside = check('https://github.com/acme/agents', { GITHUB_REPOSITORY: '' });
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('GITHUB_REPOSITORY is not set');
  });
});
