// Fails when a generated file is stale: re-synthesizes the projen-managed files and
// re-renders API.md, then compares them with what was there before. Run by the test
// script, so a change to .projenrc.ts or the exported API that was not followed by
// `npx projen` / `npx projen docgen` fails the build (and leaves the fresh files behind).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const managed = () => [
  ...JSON.parse(readFileSync('.projen/files.json', 'utf8')).files,
  '.projen/files.json',
  'API.md',
];
const snapshot = (files) =>
  new Map(
    files.map((f) => [
      f,
      existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'absent',
    ]),
  );

const before = snapshot(managed());
execFileSync('npx', ['projen'], { stdio: 'inherit' });
execFileSync('npx', ['projen', 'docgen'], { stdio: 'inherit' });
const after = snapshot([...new Set([...before.keys(), ...managed()])]);

const stale = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
if (stale.length > 0) {
  console.error(
    `These generated files were stale and have now been regenerated:\n${stale.map((f) => `  - ${f}`).join('\n')}\n` +
      'Fix: review and commit them (they come from .projenrc.ts and the exported API).',
  );
  process.exit(1);
}
console.log(`Generated files are fresh (${after.size} checked).`);
