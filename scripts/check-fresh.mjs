// Fails when a generated file is stale: re-synthesizes the projen-managed files, compiles
// (which re-renders API.md and the example project under examples/), then compares them
// with what was there before. Run by the test script, so a change to .projenrc.ts, the
// exported API or a template that was not followed by `npx projen` / `npx projen compile`
// fails the build (and leaves the fresh files behind).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const EXAMPLE = 'examples/research-team';
const managed = () => [
  ...JSON.parse(readFileSync('.projen/files.json', 'utf8')).files,
  '.projen/files.json',
  'API.md',
  ...(existsSync(EXAMPLE) ? readdirSync(EXAMPLE, { recursive: true, withFileTypes: true }) : [])
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`),
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
execFileSync('npx', ['projen', 'compile'], { stdio: 'inherit' });
execFileSync('npx', ['projen', 'post-compile'], { stdio: 'inherit' });
const after = snapshot([...new Set([...before.keys(), ...managed()])]);

const stale = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
if (stale.length > 0) {
  console.error(
    `These generated files were stale and have now been regenerated:\n${stale.map((f) => `  - ${f}`).join('\n')}\n` +
      'Fix: review and commit them (they come from .projenrc.ts, the exported API and the templates).',
  );
  process.exit(1);
}
console.log(`Generated files are fresh (${after.size} checked).`);
