import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { RenderedFile } from './files';

/** Options for {@link writeNewProject}. */
export interface WriteProjectOptions {
  /**
   * Add the files to a directory that already holds others. Even then no existing file
   * is overwritten: a clash is an error and nothing is written.
   * @default false
   */
  readonly force?: boolean;
}

/** A project could not be written; nothing was left behind. */
export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

/**
 * Writes a new project all at once: every file is first written to a temporary folder
 * beside the target (same file system, so the final step is a rename), then moved in.
 * A failure at any point leaves the target as it was.
 */
export function writeNewProject(
  target: string,
  files: readonly RenderedFile[],
  options: WriteProjectOptions = {},
): void {
  createProject(
    target,
    (staging) => {
      for (const file of files) {
        const path = join(staging, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
      }
    },
    options,
  );
}

/**
 * Creates a project through `fill`, which writes into an empty staging folder beside the
 * target; once it returns, the staged files are moved into the target. Refuses a
 * non-empty target unless `force`, and even then refuses to overwrite any file. A failure
 * at any point, in `fill` or after, leaves the target as it was.
 */
export function createProject(
  target: string,
  fill: (staging: string) => void,
  options: WriteProjectOptions = {},
): void {
  const dir = resolve(target);
  const existing = existsSync(dir) ? readdirSync(dir) : [];
  if (existing.length > 0 && !options.force) {
    throw new WriteError(
      `Directory ${target} is not empty (it holds ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}). ` +
        'Fix: choose a new or empty directory, or pass --force to add the project beside what is there (no existing file is overwritten).',
    );
  }
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}-`));
  try {
    fill(staging);
    const files = listFiles(staging);
    const clashes = files.filter((f) => existsSync(join(dir, f)));
    if (clashes.length > 0) {
      throw new WriteError(
        `Directory ${target} already has ${clashes.join(', ')}; these would be overwritten. Fix: move them away or choose another directory.`,
      );
    }
    if (existing.length === 0) {
      rmSync(dir, { recursive: true, force: true });
      // mkdtemp makes a private folder; the project gets the mode any new folder would.
      chmodSync(staging, 0o777 & ~process.umask());
      renameSync(staging, dir);
      return;
    }
    moveInto(staging, dir, files);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Every file below `root`, as paths relative to it. */
function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Moves staged files into a non-empty directory, undoing the moves if one fails. */
function moveInto(staging: string, dir: string, files: readonly string[]) {
  const moved: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const file of files) {
      const to = join(dir, file);
      let parent = dirname(to);
      const missing: string[] = [];
      while (!existsSync(parent)) {
        missing.unshift(parent);
        parent = dirname(parent);
      }
      for (const d of missing) {
        mkdirSync(d);
        createdDirs.push(d);
      }
      renameSync(join(staging, file), to);
      moved.push(file);
    }
  } catch (error) {
    for (const path of moved.reverse()) {
      renameSync(join(dir, path), join(staging, path));
    }
    for (const d of createdDirs.reverse()) rmSync(d, { recursive: true, force: true });
    throw error;
  }
}
