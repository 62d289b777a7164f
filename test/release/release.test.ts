import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The release as the release workflow and a maintainer run it, `npx projen release`, in a
// throwaway copy of this repository with a history of its own: the version it takes from
// the commits, the changelog it writes and the tarball it packs, with nothing published,
// nothing tagged and nothing left changed in the working tree.

const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'release-'));
const repo = join(work, 'repo');
const REMOTE = 'https://github.com/example/create-agentcore-multiagent';

// Git without the machine's configuration (signing, hooks, default branch) and with an
// identity of its own, for the commits here and for the git projen's tasks run.
const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@example.com',
};

/** Runs a command in the copy; fails the test with its output when it exits non-zero. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, CI: 'true', NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** A commit with this message that changes one line of the README. */
function commit(message: string): void {
  appendFileSync(join(repo, 'README.md'), `\n${message.split('\n')[0]}\n`);
  run('git', ['commit', '--quiet', '--all', '--message', message]);
}

const read = (path: string) => readFileSync(join(repo, path), 'utf8');

/** What `bump` decides, in the environment the release task gives it; then undone. */
function bump(): { version: string; changelog: string } {
  const { env } = JSON.parse(read('.projen/tasks.json')).tasks.release;
  run('npx', ['projen', 'bump'], env);
  const decided = { version: read('dist/version.txt'), changelog: read('dist/changelog.md') };
  run('npx', ['projen', 'unbump']);
  return decided;
}

describe('npx projen release', { timeout: 600_000 }, () => {
  beforeAll(() => {
    // The working tree as a commit would hold it. Of the tests only the graph's come
    // along: the whole suite is what runs this test, and would run it again.
    const files = spawnSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .stdout.split('\0')
      .filter((f) => f && existsSync(join(ROOT, f)))
      .filter((f) => !/^test\/.*\.test\.ts$/.test(f) || f.startsWith('test/graph/'));
    for (const file of files) {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(repo, file));
    }
    // Inside a release (the release workflow runs this test in its build) package.json
    // holds the version being released; every commit holds 0.0.0.
    const manifest = join(repo, 'package.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(/^ {2}"version": ".*",$/m, '  "version": "0.0.0",'),
    );
    // A copy, not a link: projen writes paths into node_modules that must resolve inside
    // the project (biome.jsonc's schema), as they do in a clean install.
    cpSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    run('git', ['init', '--quiet', '--initial-branch', 'main']);
    // The changelog links versions and commits to the repository it is cloned from, as
    // in the release workflow's checkout; nothing here contacts it.
    run('git', ['remote', 'add', 'origin', `${REMOTE}.git`]);
    run('git', ['add', '--all']);
    // Like this repository's own early history: not a conventional commit.
    run('git', ['commit', '--quiet', '--message', 'Import the package']);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('makes the first release 1.0.0, whatever the history, listing its conventional commits', () => {
    commit('feat: agents answer in the caller’s language');
    commit('fix(generated): the Dockerfile copies the lockfile');

    const first = bump();
    expect(first.version).toBe('1.0.0');
    expect(first.changelog).toMatch(
      /## \[?1\.0\.0[\s\S]*### Features\n\n\* agents answer in the caller’s language [\s\S]*### Bug Fixes\n\n\* \*\*generated:\*\* the Dockerfile copies the lockfile/,
    );
    expect(first.changelog).not.toContain('Import the package');
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
  });

  it('bumps the minor for a feature, builds, and packs the tarball into dist/', () => {
    // What the release workflow's GitHub release leaves behind.
    run('git', ['tag', 'v1.0.0']);
    commit('docs: explain the release');
    commit('feat(generated): agents log their model at start-up');
    commit('fix: invoke prints the whole answer');

    run('npx', ['projen', 'release']);

    expect(read('dist/version.txt')).toBe('1.1.0');
    expect(read('dist/releasetag.txt')).toBe('v1.1.0');
    // This version's notes, which become the GitHub release.
    const notes = read('dist/changelog.md');
    expect(notes).toMatch(
      /### Features\n\n\* \*\*generated:\*\* agents log their model at start-up [\s\S]*### Bug Fixes\n\n\* invoke prints the whole answer/,
    );
    expect(notes).toContain(`## [1.1.0](${REMOTE}/compare/v1.0.0...v1.1.0)`);
    expect(notes).not.toContain('explain the release');
    expect(notes).not.toContain('the Dockerfile copies the lockfile');

    const tarball = join(repo, 'dist', 'js', 'create-agentcore-multiagent-1.1.0.tgz');
    expect(existsSync(tarball)).toBe(true);
    /** The contents of a file in the tarball, or of every file under a folder, joined. */
    const unpack = (path: string) =>
      spawnSync('tar', ['-xzOf', tarball, `package/${path}`], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }).stdout;
    const manifest = JSON.parse(unpack('package.json'));
    expect(manifest.version).toBe('1.1.0');
    const entries = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, ''));
    // What users need and nothing else: the compiled library and its declarations, the
    // templates and assets it renders and serves, the JSON schemas their files name, and
    // the documents.
    expect([...new Set(entries.map((entry) => entry.split('/')[0]))].sort()).toEqual([
      'API.md',
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'assets',
      'lib',
      'package.json',
      'schemas',
      'templates',
    ]);
    expect(entries.filter((e) => e.startsWith('lib/') && !/\.(js|d\.ts)$/.test(e))).toEqual([]);
    // No source maps: nothing reads them, and inlined with their sources they were more
    // than half of what users download.
    expect(unpack('lib/').match(/sourceMappingURL=/g) ?? []).toEqual([]);
    // Every file the manifest points users and tools at is in it.
    const targets: string[] = [
      manifest.main,
      manifest.types,
      ...Object.values<string>(manifest.bin),
      ...Object.values<string | Record<string, string>>(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.values(target),
      ),
    ];
    for (const target of targets) expect(entries, target).toContain(target.replace(/^\.\//, ''));
    // The package carries every release's notes, newest first.
    const changelog = unpack('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toMatch(
      /## \[1\.1\.0\][\s\S]*agents log their model at start-up[\s\S]*## \[?1\.0\.0[\s\S]*the Dockerfile copies the lockfile/,
    );

    // Nothing published or tagged, and the working tree as it was: version back at 0.0.0.
    expect(run('git', ['tag', '--list'])).toBe('v1.0.0\n');
    expect(run('git', ['status', '--porcelain'])).toBe('');
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
  });

  it('releases nothing for documentation, tests and chores alone', () => {
    run('git', ['tag', 'v1.1.0']);
    commit('docs: a clearer README');
    commit('test: one more case');
    commit('chore: tidy');
    expect(bump().version).toBe('1.1.0');
  });

  it('makes a breaking change to generated projects a new major, with its manual step', () => {
    commit(
      'feat(generated)!: agents read their model from agents.json\n\n' +
        'BREAKING CHANGE: move MODEL_ID from the environment to "modelId" in agents.json.',
    );
    const major = bump();
    expect(major.version).toBe('2.0.0');
    expect(major.changelog).toMatch(
      /### ⚠ BREAKING CHANGES\n\n\* \*\*generated:\*\* move MODEL_ID from the environment to "modelId" in agents\.json\./,
    );
  });
});
