import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** What a lock file says about its holder. */
export interface LockHolder {
  /** The process that holds the lock. */
  readonly pid: number;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
  readonly [key: string]: unknown;
}

/**
 * Takes the lock that the file at `path` stands for: the file is created only if it does
 * not exist, already holding `{ pid, since, ...data }`, so no other process ever sees it
 * half-written. A lock whose process no longer runs is stale and is taken over.
 * @returns undefined when the lock is now this process's; the holder when a live process has it
 */
export function tryLock(path: string, data: Record<string, unknown> = {}): LockHolder | undefined {
  const content = JSON.stringify({ pid: process.pid, since: new Date().toISOString(), ...data });
  const candidate = `${path}.${process.pid}.tmp`;
  writeFileSync(candidate, content);
  try {
    for (;;) {
      try {
        // link() fails when `path` exists, as O_EXCL does, and publishes the whole content at once.
        linkSync(candidate, path);
        return undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const found = readLock(path);
      if (found === undefined) continue;
      if (found.holder && isRunning(found.holder.pid)) return found.holder;
      // Stale (its process is gone) or not a lock this code wrote. Removed only if it still
      // holds what was read, so a lock another process has just taken over is left alone.
      if (readLock(path)?.raw === found.raw) rmSync(path, { force: true });
    }
  } finally {
    rmSync(candidate, { force: true });
  }
}

/**
 * Takes the lock, waiting while another process holds it.
 * @returns a function that releases it
 * @throws LockHeldError naming the holder when it still holds the lock after `waitMs`
 */
export function lock(
  path: string,
  options: { readonly waitMs?: number; readonly data?: Record<string, unknown> } = {},
): () => void {
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    const holder = tryLock(path, options.data);
    if (!holder) return () => unlock(path);
    if (Date.now() >= deadline) throw new LockHeldError(path, holder);
    sleep(25);
  }
}

/** Releases a lock this process holds; a lock another process holds is left alone. */
export function unlock(path: string): void {
  if (readLock(path)?.holder?.pid === process.pid) rmSync(path, { force: true });
}

/** The holder of a lock, when a process holds it. */
export function lockHolder(path: string): LockHolder | undefined {
  const holder = readLock(path)?.holder;
  return holder && isRunning(holder.pid) ? holder : undefined;
}

/** Another process holds a lock. */
export class LockHeldError extends Error {
  constructor(
    public readonly path: string,
    public readonly holder: LockHolder,
  ) {
    super(`${path} is held by process ${holder.pid} (since ${holder.since})`);
    this.name = 'LockHeldError';
  }
}

/** The lock file's text and, when it names a process, its holder; undefined when there is none. */
function readLock(path: string): { raw: string; holder?: LockHolder } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as LockHolder;
    return Number.isInteger(parsed?.pid) && parsed.pid > 0 ? { raw, holder: parsed } : { raw };
  } catch {
    return { raw };
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
