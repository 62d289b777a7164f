import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file could not be replaced; it was left as it was. */
export class ReplaceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplaceFileError';
  }
}

/**
 * Replaces the content of an existing file in one step: the new content goes to a
 * temporary file beside it, which is renamed over it, so a reader or a crash never sees
 * half a file. The file keeps its mode (and its owner and group where this process may
 * set them); a symbolic link stays a link and the file it points to is replaced. A
 * read-only file is refused. A failure leaves the file as it was and nothing beside it.
 * @throws ReplaceFileError saying what was wrong and what to do
 */
export function replaceFile(path: string, content: string): void {
  const target = realpathSync(path);
  const stat = statSync(target);
  if (isReadOnly(target, stat.mode)) {
    throw new ReplaceFileError(
      `${path} is read-only (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}), so it was left as it is. Fix: make it writable (chmod u+w ${path}) and run the command again`,
    );
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let written = false;
  try {
    const fd = openSync(temporary, 'wx');
    try {
      fchmodSync(fd, stat.mode & 0o7777);
      try {
        fchownSync(fd, stat.uid, stat.gid);
      } catch {
        // Only root may give a file away; anyone else's new file is already theirs.
      }
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
    written = true;
  } catch (error) {
    throw new ReplaceFileError(
      `could not write ${path}: ${(error as Error).message}; it was left as it was`,
    );
  } finally {
    if (!written) rmSync(temporary, { force: true });
  }
}

/**
 * Whether the file is meant to stay unchanged: not writable by this process, or with no
 * write permission for anyone (which root would otherwise ignore).
 */
function isReadOnly(path: string, mode: number): boolean {
  if ((mode & 0o222) === 0) return true;
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}
