import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { LockHeldError, lock } from '../fs/lock-file';
import { replaceFile } from '../fs/replace-file';
import { AGENTS_FILE } from '../layout';
import type { EditResult } from '../spec/edit';
import { readSystemFile } from '../spec/load';

/** How long an edit waits for another one to finish; an edit itself takes milliseconds. */
const LOCK_WAIT_MS = 10_000;

/**
 * Applies an edit to a project's `agents.json`. Edits are serialised by a lock file beside
 * the file (beside the file a symbolic link points to), so two commands run at once
 * cannot both read the old content and one lose the other's change: the second waits for
 * the first, then edits what the first wrote. The file is replaced in one step, as
 * {@link replaceFile} does; an edit that changes nothing leaves it untouched.
 * @throws Error naming the process that holds the lock when it does not let go
 */
export function editAgentsFile(
  projectDir: string,
  edit: (input: unknown) => EditResult,
  options: { readonly waitMs?: number } = {},
): EditResult {
  const path = join(projectDir, AGENTS_FILE);
  const lockPath = `${existsSync(path) ? realpathSync(path) : path}.lock`;
  let release: () => void;
  try {
    release = lock(lockPath, { waitMs: options.waitMs ?? LOCK_WAIT_MS });
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    throw new Error(
      `${AGENTS_FILE} is being changed by another command (process ${error.holder.pid}, since ${error.holder.since}), so nothing was changed. Fix: let it finish and run this again (should process ${error.holder.pid} be something else, which took the id of a command that died, delete ${lockPath})`,
    );
  }
  try {
    const result = edit(readSystemFile(path));
    if (result.changed) replaceFile(path, `${JSON.stringify(result.input, undefined, 2)}\n`);
    return result;
  } finally {
    release();
  }
}
