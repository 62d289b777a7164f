import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tryLock, unlock } from '../fs/lock-file';

/** What a running `dev` tells other commands (`invoke`) of the same project. */
export interface DevState {
  readonly pid: number;
  readonly endpointUrl: string;
  readonly region: string;
  readonly agents: Readonly<Record<string, { readonly arn: string; readonly port: number }>>;
}

/**
 * Where `dev` keeps what it needs between runs: under node_modules/.cache, the usual place
 * for a tool's own state, never committed.
 */
export function devCacheDir(projectDir: string): string {
  return join(projectDir, 'node_modules', '.cache', 'agentcore-multiagent');
}

export function devStatePath(projectDir: string): string {
  return join(devCacheDir(projectDir), 'dev.json');
}

/**
 * Makes this process the project's one `dev`: the state file doubles as a lock, created
 * only when absent and naming this process until {@link writeDevState} fills it in. State
 * left by a `dev` whose process is gone is taken over.
 * @throws Error naming the running `dev`'s process and endpoint
 */
export function claimDevState(projectDir: string): void {
  const path = devStatePath(projectDir);
  mkdirSync(dirname(path), { recursive: true });
  const holder = tryLock(path, { starting: true });
  if (!holder) return;
  const endpoint =
    typeof holder.endpointUrl === 'string' ? `endpoint ${holder.endpointUrl}` : 'still starting';
  throw new Error(
    `dev is already running in this project (process ${holder.pid}, ${endpoint}); invoke talks to it. Fix: use that one, or stop it (Ctrl-C where it runs, or kill ${holder.pid}) and start dev again`,
  );
}

/** Fills in the state of the `dev` that claimed it, in one step, so a reader never sees half of it. */
export async function writeDevState(projectDir: string, state: DevState): Promise<void> {
  const path = devStatePath(projectDir);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, undefined, 2)}\n`);
  await rename(temporary, path).catch(async (error: unknown) => {
    await rm(temporary, { force: true });
    throw error;
  });
}

/** Removes the state this process wrote; another `dev`'s state is left alone. */
export async function removeDevState(projectDir: string): Promise<void> {
  unlock(devStatePath(projectDir));
}

/** The state of a `dev` that is still running and has started, or undefined. */
export async function readDevState(projectDir: string): Promise<DevState | undefined> {
  let state: DevState;
  try {
    state = JSON.parse(await readFile(devStatePath(projectDir), 'utf8')) as DevState;
  } catch {
    return undefined;
  }
  if (typeof state?.agents !== 'object' || state.agents === null) return undefined;
  try {
    process.kill(state.pid, 0);
  } catch {
    return undefined;
  }
  return state;
}
