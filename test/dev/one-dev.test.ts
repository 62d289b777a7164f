import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ping } from '../../src/dev/agent-process';
import { type DevState, devStatePath } from '../../src/dev/state';
import { DevSystem } from '../../src/dev/system';
import { buildCli, runCli } from '../cli/cli-process';
import { createProject, type TestProject } from './harness';

/** The environment of a `dev` with no AWS configuration: every agent on the offline model. */
const offline = (home: string) => ({
  AGENT_MODEL_PROVIDER: '',
  HOME: home,
  AWS_PROFILE: '',
  AWS_ACCESS_KEY_ID: '',
});

/** A process id that no process has any more. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

const waitFor = async (what: string, ok: () => Promise<boolean> | boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('one dev per project, and no agent outlives it', () => {
  let project: TestProject;
  let cli: string;
  let dev: ChildProcess | undefined;
  let output = '';
  let statePath: string;

  beforeAll(async () => {
    project = await createProject();
    cli = await buildCli(project.dir);
    statePath = devStatePath(project.dir);
  });

  afterAll(async () => {
    dev?.kill('SIGKILL');
    await project?.remove();
  });

  it('releases its claim when it cannot even start, so the next dev starts', async () => {
    const env = { ...offline(project.dir), AGENT_MODEL_PROVIDER: 'nonsense' };
    await expect(DevSystem.start({ projectDir: project.dir, env })).rejects.toThrow(
      /AGENT_MODEL_PROVIDER/,
    );
    expect(existsSync(statePath)).toBe(false);
  });

  it('refuses a second dev, naming the running one, and leaves its state alone', async () => {
    // A live process stands in for the running dev: refusing needs nothing else of it.
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      mkdirSync(dirname(statePath), { recursive: true });
      const state = `${JSON.stringify({ pid: running.pid, endpointUrl: 'http://127.0.0.1:8787', region: 'us-east-1', agents: {} })}\n`;
      writeFileSync(statePath, state);
      await expect(
        DevSystem.start({ projectDir: project.dir, model: 'offline', log: () => undefined }),
      ).rejects.toThrow(
        `dev is already running in this project (process ${running.pid}, endpoint http://127.0.0.1:8787); invoke talks to it. Fix: use that one, or stop it (Ctrl-C where it runs, or kill ${running.pid}) and start dev again`,
      );
      expect(readFileSync(statePath, 'utf8')).toBe(state);
    } finally {
      running.kill();
    }
  });

  it('takes over the state a dead dev left, and a second dev started beside it is refused', async () => {
    writeFileSync(
      statePath,
      JSON.stringify({ pid: deadPid(), endpointUrl: 'http://127.0.0.1:1', agents: {} }),
    );
    // --eager: the SIGKILL test below needs every agent running, not waiting for a first call.
    const child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--no-watch', '--eager'], {
      cwd: project.dir,
      env: { ...process.env, ...offline(project.dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev = child;
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    await waitFor(
      `dev to start:\n${output}`,
      () => output.includes('Ctrl-C stops everything') || child.exitCode !== null,
      60_000,
    );
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as DevState;
    expect(state.pid).toBe(child.pid);

    const second = await runCli(cli, ['dev', '--port', '0', '--no-watch'], {
      cwd: project.dir,
      env: offline(project.dir),
      timeoutMs: 30_000,
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `agentcore-multiagent: dev is already running in this project (process ${child.pid}, endpoint ${state.endpointUrl}); invoke talks to it. Fix: use that one, or stop it (Ctrl-C where it runs, or kill ${child.pid}) and start dev again\n`,
    );
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual(state);
  });

  it('takes its agents down with it when it is killed with SIGKILL', async () => {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as DevState;
    const ports = Object.values(state.agents).map((a) => a.port);
    expect(ports).toHaveLength(3);
    for (const port of ports) expect(await ping(port)).toBe(true);

    dev?.kill('SIGKILL');
    await waitFor(
      'every agent to stop answering',
      async () => (await Promise.all(ports.map(ping))).every((up) => !up),
      10_000,
    );
    // The state names a process that is gone: the next dev takes it over.
    expect(existsSync(statePath)).toBe(true);
  });
});
