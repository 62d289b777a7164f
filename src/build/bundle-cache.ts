import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Which bundles are still current: each bundle's inputs (every file esbuild read for it,
 * with its size and modification time) and settings are kept under the project's cache
 * folder, so `dev` and `bundle` skip a build none of whose inputs changed. An upgrade of
 * a package changes its files, and so rebuilds what uses them.
 */

interface Recorded {
  readonly settings: string;
  readonly files: Record<string, readonly [size: number, modified: number]>;
}

function recordPath(projectDir: string, outputs: readonly string[]): string {
  const key = createHash('sha256')
    .update(outputs.map((file) => resolve(file)).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(
    projectDir,
    'node_modules',
    '.cache',
    'agentcore-multiagent',
    'bundles',
    `${key}.json`,
  );
}

/**
 * Whether `outputs`, the files of one build, exist and were built with these settings from
 * inputs unchanged since.
 */
export async function isCurrent(
  projectDir: string,
  outputs: readonly string[],
  settings: string,
): Promise<boolean> {
  let recorded: Recorded;
  try {
    recorded = JSON.parse(await readFile(recordPath(projectDir, outputs), 'utf8')) as Recorded;
    for (const file of outputs) await stat(file);
  } catch {
    return false;
  }
  if (recorded.settings !== settings) return false;
  for (const [file, [size, modified]] of Object.entries(recorded.files)) {
    const now = await stat(file).catch(() => undefined);
    if (!now || now.size !== size || now.mtimeMs !== modified) return false;
  }
  return true;
}

/** Records what `outputs` were just built from. */
export async function recordInputs(
  projectDir: string,
  outputs: readonly string[],
  settings: string,
  inputs: readonly string[],
): Promise<void> {
  const files: Record<string, readonly [number, number]> = {};
  for (const file of inputs) {
    const info = await stat(file).catch(() => undefined);
    if (info) files[file] = [info.size, info.mtimeMs];
  }
  const path = recordPath(projectDir, outputs);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ settings, files } satisfies Recorded));
}
