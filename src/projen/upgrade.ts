import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { javascript } from 'projen';
import { PACKAGE_NAME } from './versions';

/**
 * How `npx projen upgrade` moves a generated project to the newest version of this
 * package. projen's upgrade task bumps, with npm-check-updates, only the dependencies
 * recorded without a version; then it installs, and re-synthesizes. So:
 *
 * 1. this package is recorded without a version, while `package.json` holds the exact
 *    version (written once, by the version that creates the project, and kept by projen
 *    from then on), so npm-check-updates moves that exact version to the newest;
 * 2. `npm install` installs it, and the task's `npx projen` runs the new version's code,
 *    which rewrites the pins it brings and every managed file (two synths' worth: the
 *    install, then the new code);
 * 3. projen installs again when the pins changed `package.json`.
 *
 * Every other dependency of a generated project is pinned, so only this package, and any
 * dependency the user adds without a version, move.
 */
export const UPGRADE_OPTIONS: javascript.UpgradeDependenciesOptions = {
  // The newest release, a new major included: its managed files absorb the change.
  target: 'latest',
};

/**
 * Makes a project depend on this package: at `source` when given (a `file:` path to a
 * tarball or checkout, or a version, recorded as is and left alone by upgrades), else as
 * described on {@link UPGRADE_OPTIONS}, at the version running now for a new project.
 *
 * Either way the project's own pins stand for this package's peers. Between step 2 and
 * step 3 of an upgrade the new version is installed beside the older pins, below the
 * floor of the peer ranges it declares, and npm would refuse the install.
 */
export function dependOnThisPackage(project: javascript.NodeProject, source?: string): void {
  if (source) {
    project.addDeps(`${PACKAGE_NAME}@${source}`);
  } else {
    project.addDeps(PACKAGE_NAME);
    const recorded = recordedVersion(project.outdir);
    if (!recorded || recorded === '*') {
      project.package.file.addOverride(`dependencies.${PACKAGE_NAME}`, ownManifest().version);
    }
  }
  const peers = Object.keys(ownManifest().peerDependencies ?? {}).filter((name) =>
    project.deps.all.some((dep) => dep.name === name),
  );
  project.package.file.addOverride(
    `overrides.${PACKAGE_NAME}`,
    Object.fromEntries(peers.map((name) => [name, `$${name}`])),
  );
}

/** The version of this package a project's `package.json` names, if any. */
function recordedVersion(outdir: string): string | undefined {
  const path = join(outdir, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')).dependencies?.[PACKAGE_NAME];
  } catch {
    // projen rewrites an unreadable package.json; the version running now is the one to record.
    return undefined;
  }
}

/** This package's manifest, read at run time: that of the version synthesizing the project. */
function ownManifest(): { version: string; peerDependencies?: Record<string, string> } {
  return require(join(__dirname, '..', '..', 'package.json'));
}
