// Renders API.md from the exported API (src/index.ts) with typedoc's markdown output.
// typedoc empties its output folder, so it writes to a temporary one and only API.md
// is copied out.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'api-md-'));
try {
  execFileSync('npx', ['typedoc', '--options', 'typedoc.json', '--out', out], { stdio: 'inherit' });
  copyFileSync(join(out, 'API.md'), 'API.md');
} finally {
  rmSync(out, { recursive: true, force: true });
}
