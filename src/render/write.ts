import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
 * inside the target (same file system, so each file's final step is a rename), then
 * moved in. A failure at any point leaves the target as it was.
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
 * Creates a project through `fill`, which writes into an empty staging folder inside the
 * target; once it returns, the staged files are moved into the target. The target folder
 * itself is never replaced (it keeps its mode, group and links; a link to a folder is
 * written through), and nothing is written outside it. Refuses a non-empty target unless
 * `force`, and even then refuses to overwrite any file or to write through a link that
 * leads out of the target. A failure at any point, in `fill` or after, leaves the target
 * as it was and removes the folders made for it; a file-system error becomes a one-line
 * {@link WriteError}.
 */
export function createProject(
  target: string,
  fill: (staging: string) => void,
  options: WriteProjectOptions = {},
): void {
  try {
    create(target, fill, options);
  } catch (error) {
    if (isSystemError(error)) throw new WriteError(describeSystemError(target, error));
    throw error;
  }
}

function create(target: string, fill: (staging: string) => void, options: WriteProjectOptions) {
  const dir = resolve(target);
  const created = outermostMissing(dir);
  if (!created && !statSync(dir).isDirectory()) {
    throw new WriteError(
      `${target} is a file, not a directory. Fix: choose a new or empty directory for the project.`,
    );
  }
  try {
    if (created) mkdirSync(dir, { recursive: true });
    const real = realpathSync(dir);
    const existing = readdirSync(real);
    if (existing.length > 0 && !options.force) {
      throw new WriteError(
        `Directory ${target} is not empty (it holds ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}). ` +
          'Fix: choose a new or empty directory, or pass --force to add the project beside what is there (no existing file is overwritten).',
      );
    }
    const staging = mkdtempSync(join(real, '.create-agentcore-multiagent-'));
    try {
      fill(staging);
      const files = listFiles(staging);
      refuseObstacles(target, real, files);
      moveInto(staging, real, files);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    if (created) rmSync(created, { recursive: true, force: true });
    throw error;
  }
}

/** The outermost folder of `dir` that does not exist yet (`dir` itself at most); undefined when it exists. */
function outermostMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let path = dir; !entryExists(path); path = dirname(path)) missing = path;
  return missing;
}

/** Whether anything is at `path`, a link to nothing included. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Refuses, naming every case, a file that already exists, a link on the way to a file
 * that leads out of the target, and a file where the project needs a folder.
 */
function refuseObstacles(target: string, real: string, files: readonly string[]): void {
  const clashes = new Set<string>();
  const outside = new Map<string, string>();
  const inTheWay = new Set<string>();
  for (const file of files) {
    const parts = file.split(sep);
    let path = real;
    for (const [i, part] of parts.entries()) {
      path = join(path, part);
      const shown = parts.slice(0, i + 1).join(sep);
      let entry: Stats;
      try {
        entry = lstatSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        throw error;
      }
      if (i === parts.length - 1) {
        clashes.add(shown);
      } else if (entry.isSymbolicLink()) {
        const to = resolveLink(path);
        if (to === undefined || !within(real, to)) {
          outside.set(shown, to ?? readlinkSync(path));
          break;
        }
        if (!statSync(to).isDirectory()) {
          inTheWay.add(shown);
          break;
        }
      } else if (!entry.isDirectory()) {
        inTheWay.add(shown);
        break;
      }
    }
  }
  const reasons = [
    ...(clashes.size > 0
      ? [`already has ${[...clashes].join(', ')}; these would be overwritten`]
      : []),
    ...[...outside].map(
      ([link, to]) =>
        `has ${link}, a link to ${to} outside it; the project's files would be written there`,
    ),
    ...[...inTheWay].map((path) => `has ${path}, a file where the project needs a folder`),
  ];
  if (reasons.length > 0) {
    throw new WriteError(
      `Directory ${target} ${reasons.join('; ')}. Fix: move them away or choose another directory.`,
    );
  }
}

/** Where a link leads, or undefined when it leads nowhere. */
function resolveLink(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** What the file system refused, and what to do, in one line. */
const SYSTEM_ERRORS: Record<string, readonly [reason: string, fix: string]> = {
  ENOTDIR: ['a part of the path is a file, not a directory', 'choose a path made of directories'],
  EEXIST: ['something is already where the project needs a directory', 'choose another path'],
  EACCES: ['permission denied', 'choose a directory you may write to, or change its permissions'],
  EPERM: ['operation not permitted', 'choose a directory you may write to'],
  EROFS: ['the file system is read-only', 'choose a directory on a writable file system'],
  ENAMETOOLONG: [
    'a name in the path is longer than the file system allows (255 bytes per name)',
    'choose a shorter name',
  ],
  ELOOP: ['the path has a loop of symbolic links', 'choose another path'],
  ENOSPC: ['the disk is full', 'free some space and run again'],
  EDQUOT: ['the disk quota is used up', 'free some space and run again'],
};

function describeSystemError(target: string, error: NodeJS.ErrnoException): string {
  const [reason, fix] = SYSTEM_ERRORS[error.code ?? ''] ?? [error.message, 'check the path'];
  const where = error.path ? ` at ${error.path}` : '';
  return `Cannot create the project in ${target}: ${reason} (${error.code}${where}); nothing was written. Fix: ${fix}.`;
}

/** Every file below `root`, as paths relative to it. */
function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Moves staged files into the target directory, undoing the moves if one fails. */
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
