import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What a running `dev` tells other commands (`invoke`) of the same project. */
export interface DevState {
  readonly pid: number;
  readonly endpointUrl: string;
  readonly region: string;
  readonly agents: Readonly<Record<string, { readonly arn: string; readonly port: number }>>;
}

/** Kept under node_modules/.cache, the usual place for a tool's throwaway state: never committed. */
export function devStatePath(projectDir: string): string {
  return join(projectDir, 'node_modules', '.cache', 'agentcore-multiagent', 'dev.json');
}

export async function writeDevState(projectDir: string, state: DevState): Promise<void> {
  const path = devStatePath(projectDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, undefined, 2)}\n`);
}

export async function removeDevState(projectDir: string): Promise<void> {
  await rm(devStatePath(projectDir), { force: true });
}

/** The state of a `dev` that is still running, or undefined. */
export async function readDevState(projectDir: string): Promise<DevState | undefined> {
  let state: DevState;
  try {
    state = JSON.parse(await readFile(devStatePath(projectDir), 'utf8')) as DevState;
  } catch {
    return undefined;
  }
  try {
    process.kill(state.pid, 0);
  } catch {
    return undefined;
  }
  return state;
}
