// Renders examples/research-team/ from examples/research-team.json with the compiled
// scaffolder, as `npx create-agentcore-multiagent --spec examples/research-team.json
// --no-install --no-git` writes it: every file a new project gets. Committed, so that a
// change to a template or to the project type shows in review as the change it makes to
// a user's project; scripts/check-fresh.mjs fails when it is stale.
// Run: npx projen example (after npx projen compile)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'research-team';
const require = createRequire(import.meta.url);
const { scaffoldProject } = require(join(ROOT, 'lib', 'cli', 'scaffold.js'));
const { PACKAGE_NAME } = require(join(ROOT, 'lib', 'projen', 'versions.js'));

const system = JSON.parse(readFileSync(join(ROOT, 'examples', `${NAME}.json`), 'utf8'));
const target = join(ROOT, 'examples', NAME);
rmSync(target, { recursive: true, force: true });
// No package source: the project depends on this package's own version, as a project
// created from the registry does.
await scaffoldProject({ target, system, packageSource: undefined });
// ...but at a fixed version: a release bumps this package's version and then checks that
// the build leaves the tree unchanged, so the example must not follow the bump.
const manifestPath = join(target, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.dependencies[PACKAGE_NAME] = '0.0.0';
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Rendered examples/${NAME}`);
