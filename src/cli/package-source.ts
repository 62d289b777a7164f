import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** This package's root folder (above `lib/` or `src/`). */
export const PACKAGE_ROOT = join(__dirname, '..', '..');

/**
 * How a new project should depend on this package, so that it installs the very code
 * that created it:
 * - run from a checkout (not inside any node_modules): `file:<checkout>`;
 * - installed from a tarball or folder (`npx ./create-agentcore-multiagent-1.0.0.tgz`):
 *   the `file:` source npm recorded for it;
 * - installed from the registry: `undefined`, meaning this version.
 */
export function detectPackageSource(root: string = PACKAGE_ROOT): string | undefined {
  if (!root.split(sep).includes('node_modules')) return `file:${root}`;
  // npm records where each installed package came from in the hidden lockfile of the
  // node_modules folder that holds it.
  const nodeModules = root.slice(
    0,
    root.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length,
  );
  const lockfile = join(nodeModules, '.package-lock.json');
  if (!existsSync(lockfile)) return undefined;
  try {
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
      packages?: Record<string, { resolved?: string }>;
    };
    const key = join('node_modules', root.slice(nodeModules.length + 1))
      .split(sep)
      .join('/');
    const resolved = lock.packages?.[key]?.resolved;
    if (resolved?.startsWith('file:')) {
      // Relative `file:` sources are relative to the folder holding node_modules.
      const path = resolved.slice('file:'.length);
      return `file:${path.startsWith('/') ? path : join(dirname(nodeModules), path)}`;
    }
  } catch {
    // An unreadable lockfile says nothing about the source: assume the registry.
  }
  return undefined;
}
