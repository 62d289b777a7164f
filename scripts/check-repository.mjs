// Run by the release workflow before it builds: npm publishes with provenance only when
// package.json's `repository` names the GitHub repository the release runs in, and
// otherwise refuses the upload after the whole build. This says so first, in one line.
import { readFileSync } from 'node:fs';

const { GITHUB_SERVER_URL = 'https://github.com', GITHUB_REPOSITORY } = process.env;
if (!GITHUB_REPOSITORY) {
  console.error(
    'GITHUB_REPOSITORY is not set: this check runs in the release workflow, which sets it.',
  );
  process.exit(1);
}

const expected = `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}`;
const { repository } = JSON.parse(readFileSync('package.json', 'utf8'));
const url = typeof repository === 'string' ? repository : repository?.url;
// The forms npm accepts for one repository: git+https://…/owner/name.git, https://…/owner/name.
const normalise = (u) =>
  u
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();

if (!url || normalise(url) !== normalise(expected)) {
  console.error(
    `package.json repository: npm provenance needs it to name this repository (got ${url ? JSON.stringify(url) : 'none'}). ` +
      `Fix: set repository: '${expected}' in .projenrc.ts, run npx projen and commit.`,
  );
  process.exit(1);
}
console.log(`package.json names ${expected}.`);
