import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const REPO = resolve(__dirname, '..', '..');

/**
 * Compiles a command into `dir` as it ships (its packages left to node_modules), for
 * tests that run it as its own process: the `agentcore-multiagent` CLI unless told.
 * @returns the compiled file
 */
export async function buildCli(
  dir: string,
  command: 'agentcore-multiagent' | 'create' = 'agentcore-multiagent',
): Promise<string> {
  const cli = join(dir, `${command}.cjs`);
  await build({
    entryPoints: [join(REPO, 'src', 'cli', `${command}.ts`)],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    logLevel: 'silent',
  });
  return cli;
}

/**
 * A new folder inside this repository for a compiled command that loads packages with
 * `import()`, which, unlike `require`, ignores NODE_PATH and looks only in the
 * node_modules of the folders above. The caller removes it.
 */
export function cliDir(): string {
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  return mkdtempSync(join(REPO, '.tmp', 'cli-'));
}

/**
 * The environment the compiled CLI finds this repository's packages in, wherever it lies
 * (for `require`; see cliDir for `import()`).
 */
export const CLI_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_PATH: join(REPO, 'node_modules'),
};

/** What a finished CLI process said. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled CLI to its end (or kills it after `timeoutMs`); never rejects. */
export async function runCli(
  cli: string,
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly timeoutMs?: number;
  } = {},
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      env: { ...CLI_ENV, ...options.env },
      timeout: options.timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}
