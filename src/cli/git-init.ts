import { spawnSync } from 'node:child_process';

/** What became of the new project's repository, in one line for the summary. */
export interface GitOutcome {
  readonly done: 'committed' | 'initialized' | 'skipped';
  readonly message: string;
}

/**
 * Gives a new project a git repository with a first commit, as `projen new` does, so the
 * first `add-agent` or `npx projen upgrade` has something to diff against. Never inside
 * an existing repository (the project is then part of it), and never fatal: without git,
 * or without a git identity, the project is complete and the summary says what to do.
 */
export function initRepository(dir: string, version: string): GitOutcome {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const probe = git('rev-parse', '--show-toplevel');
  if (probe.error) {
    return { done: 'skipped', message: 'git is not installed, so no repository was created.' };
  }
  if (probe.status === 0) {
    return {
      done: 'skipped',
      message: `The project is inside the git repository at ${probe.stdout.trim()}; no repository of its own was created.`,
    };
  }
  for (const step of [
    ['init', '-q'],
    ['add', '-A'],
  ]) {
    const result = git(...step);
    if (result.status !== 0) {
      return {
        done: 'skipped',
        message: `git ${step[0]} failed (${firstLine(result.stderr)}); the project has no repository.`,
      };
    }
  }
  const commit = git(
    'commit',
    '-q',
    '-m',
    `chore: create the project with create-agentcore-multiagent ${version}`,
  );
  if (commit.status !== 0) {
    return {
      done: 'initialized',
      message: `Initialized a git repository with every file staged; the first commit failed (${firstLine(commit.stderr)}). Set git's user.name and user.email, then run "git commit".`,
    };
  }
  return { done: 'committed', message: 'Initialized a git repository with a first commit.' };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no reason given';
}
