import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ID_HEADER } from '../../src/agent-runtime/memory-contract';
import { createProject, REPO, type TestProject } from './harness';

const run = promisify(execFile);

/**
 * The CLI as a user runs it: its own process, started in the generated project. It is
 * compiled here with esbuild (packages left to node_modules, as in the published lib/).
 */
describe('agentcore-multiagent dev and invoke', () => {
  let project: TestProject;
  let cli: string;
  let dev: ChildProcess | undefined;
  let devOutput = '';

  beforeAll(async () => {
    project = await createProject();
    cli = join(project.dir, 'cli.cjs');
    await build({
      entryPoints: [join(REPO, 'src', 'cli', 'agentcore-multiagent.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      packages: 'external',
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--no-watch'], {
      cwd: project.dir,
      env: {
        ...process.env,
        AGENT_MODEL_PROVIDER: '',
        HOME: project.dir,
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev = child;
    child.stdout?.on('data', (c: Buffer) => {
      devOutput += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      devOutput += c.toString();
    });
    const started = Date.now();
    while (!devOutput.includes('Ctrl-C stops everything')) {
      if (child.exitCode !== null || Date.now() - started > 60_000) {
        throw new Error(`dev did not start:\n${devOutput}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev?.once('exit', resolve));
      dev.kill('SIGINT');
      await exited;
    }
    await project?.remove();
  });

  it('falls back to the offline model, visibly, when no AWS credentials are configured', () => {
    expect(devOutput).toContain('Notice: no AWS credentials found');
    expect(devOutput).toMatch(
      /orchestrator\s+\d+\s+offline\s+arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime\/research_team_orchestrator-local/,
    );
  });

  it('invokes a local agent by name, streams its answer and lists the delegations', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [cli, 'invoke', 'orchestrator', 'Research the tallest mountains'],
      { cwd: project.dir },
    );
    expect(stdout).toContain('call_researcher answered: researcher (offline model) received');
    expect(stderr).toMatch(/→ researcher \(call_researcher\) ok \d+ ms/);
    const session = /^session: (\S+)/m.exec(stderr)?.[1];
    expect(session?.length).toBeGreaterThanOrEqual(33);

    const followUp = await run(
      process.execPath,
      [
        cli,
        'invoke',
        'orchestrator',
        'And what did I ask?',
        '--session',
        session as string,
        '--no-stream',
      ],
      { cwd: project.dir },
    );
    expect(followUp.stdout).toContain(
      'Earlier in this session you said: "Research the tallest mountains"',
    );
  });

  it('invokes by ARN through an endpoint, as for a deployed agent', async () => {
    const url = /AgentCore local endpoint: (\S+)/.exec(devOutput)?.[1] as string;
    const arn =
      'arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/research_team_writer-local';
    const { stdout } = await run(
      process.execPath,
      [cli, 'invoke', '--arn', arn, '--endpoint', url, '--json', 'Hello writer'],
      { cwd: project.dir },
    );
    expect(JSON.parse(stdout)).toMatchObject({ status: 'success', agent: 'writer' });
  });

  it('names the user with --user, as AgentCore passes it to the agent', async () => {
    let userId: unknown;
    const endpoint = createServer((req, res) => {
      userId = req.headers[USER_ID_HEADER];
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ response: 'Hello Ada' }));
    });
    await new Promise<void>((done) => endpoint.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    const arn = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/other-abc';
    try {
      const { stdout } = await run(
        process.execPath,
        [cli, 'invoke', '--arn', arn, '--endpoint', url, '--user', 'ada', '--no-stream', 'Hi'],
        { cwd: project.dir },
      );
      expect(stdout).toContain('Hello Ada');
      expect(userId).toBe('ada');
    } finally {
      endpoint.close();
    }
  });

  it('bundles every agent into its dist folder', async () => {
    const { stdout } = await run(process.execPath, [cli, 'bundle'], { cwd: project.dir });
    for (const agent of ['orchestrator', 'researcher', 'writer']) {
      expect(stdout).toMatch(new RegExp(`agents/${agent}/dist/index.mjs\\s+\\d+\\.\\d MB`));
    }
    expect(stdout).toMatch(/Bundled 3 agents in \d+ ms/);
  });

  it('invokes a deployed agent by name from the stack outputs', async () => {
    // The outputs `cdk deploy --outputs-file` writes, here naming the local writer, reached
    // through the local endpoint in place of the service's.
    const url = /AgentCore local endpoint: (\S+)/.exec(devOutput)?.[1] as string;
    const arn =
      'arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/research_team_writer-local';
    await writeFile(
      join(project.dir, 'cdk-outputs.json'),
      JSON.stringify({ 'research-team': { WriterRuntimeArn: arn } }),
    );
    const { stdout } = await run(
      process.execPath,
      [cli, 'invoke', 'writer', 'Hello writer', '--deployed', '--endpoint', url, '--json'],
      { cwd: project.dir },
    );
    expect(JSON.parse(stdout)).toMatchObject({ status: 'success', agent: 'writer' });
    const missing = await run(process.execPath, [cli, 'invoke', 'researcher', 'Hi', '--deployed'], {
      cwd: project.dir,
    }).catch((e: { stderr: string }) => e);
    expect((missing as { stderr: string }).stderr).toContain(
      'cdk-outputs.json has no output ResearcherRuntimeArn in stack research-team; deploy again',
    );
  });

  it('runs the deployed-system check against the local system', async () => {
    const url = /AgentCore local endpoint: (\S+)/.exec(devOutput)?.[1] as string;
    const arn =
      'arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/research_team_orchestrator-local';
    await writeFile(
      join(project.dir, 'cdk-outputs.json'),
      JSON.stringify({ 'research-team': { OrchestratorRuntimeArn: arn } }),
    );
    const { stdout } = await run(process.execPath, [cli, 'test-deployed', '--endpoint', url], {
      cwd: project.dir,
    });
    expect(stdout).toContain(
      'PASS  orchestrator delegates to researcher when asked for what it does',
    );
    expect(stdout).toContain('PASS  orchestrator delegates to writer when asked for what it does');
    expect(stdout).toContain('ALL TESTS PASSED');
  });

  it('exits 2 with the usage when called the wrong way', async () => {
    const error = await run(process.execPath, [cli, 'invoke'], { cwd: project.dir }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('name an agent, or pass --arn');
  });

  it('refuses to open dev beyond loopback unless asked to, saying who could then call', async () => {
    const error = await run(process.execPath, [cli, 'dev', '--host', '0.0.0.0'], {
      cwd: project.dir,
    }).catch((e: { stderr: string; code: number }) => e);
    expect(error).toMatchObject({ code: 2 });
    const { stderr } = error as { stderr: string };
    expect(stderr).toContain('--host 0.0.0.0 would let anyone who can reach this machine');
    expect(stderr).toContain('--allow-remote');
  });

  it('says what to do when an agent name is unknown', async () => {
    const error = await run(process.execPath, [cli, 'invoke', 'editor', 'Hi'], {
      cwd: project.dir,
    }).catch((e: { stderr: string; code: number }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain(
      'no agent "editor" in agents.json; its agents are orchestrator, researcher, writer',
    );
  });
});
