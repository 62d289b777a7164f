import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Task } from '@a2a-js/sdk';
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../src/agent-runtime/contract';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { LocalDataPlane, PAGE_TOKEN_HEADER } from '../../src/dev/endpoint';
import { DevSystem } from '../../src/dev/system';
import { cliGreetingCommand, greetingPayload } from '../../src/graph/greeting';
import {
  createProject,
  localClient,
  MIXED_TEAM,
  session,
  type TestProject,
  taskText,
} from './harness';

const run = promisify(execFile);

/** What a raw HTTP request got back. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request exactly as given: any Host, any Origin, any body, no client in between. */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers: options.headers,
        // Host as given, not as Node would fill it in.
        setHost: options.headers?.host === undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What Python's boto3 and the AWS CLI need to run here, or why they cannot. */
function missing(command: string, args: string[]): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `${command} is not installed here`;
}
const noBoto3 = missing('python3', ['-c', 'import boto3']);
const noAwsCli = missing('aws', ['--version']);

/** An environment with no AWS configuration at all, as on a new user's machine. */
const bareEnv = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home });

describe('the local system: reachable from this machine, not from web pages', () => {
  let project: TestProject;
  let system: DevSystem;
  let endpointPort: number;
  let home: string;
  const output: string[] = [];

  beforeAll(async () => {
    project = await createProject(MIXED_TEAM);
    home = await mkdtemp(join(tmpdir(), 'acm-home-'));
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      env: { PEER_CALL_TIMEOUT_MS: '10000', PEER_CALL_MAX_ATTEMPTS: '1' },
      log: (line) => output.push(line),
    });
    endpointPort = Number(new URL(system.endpointUrl).port);
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const invocationsPath = (agent: string) =>
    `/runtimes/${encodeURIComponent(system.agent(agent).arn)}/invocations?qualifier=DEFAULT`;
  const ownHost = () => `127.0.0.1:${endpointPort}`;
  const hops = () => output.filter((line) => line.startsWith('[endpoint]')).length;

  it('starts every agent without a warning in its log', () => {
    const agentLines = output.filter(
      (line) => /^\[\w+\] /.test(line) && !line.startsWith('[endpoint]'),
    );
    expect(agentLines.length).toBeGreaterThan(0);
    expect(agentLines.filter((line) => /warning/i.test(line))).toEqual([]);
  });

  describe('the endpoint', () => {
    it("refuses a web page's simple request (foreign Origin, text/plain) before any agent runs", async () => {
      const before = hops();
      const answer = await send(endpointPort, {
        path: invocationsPath('orchestrator'),
        headers: {
          host: ownHost(),
          origin: 'https://evil.example',
          'content-type': 'text/plain',
        },
        body: JSON.stringify({ prompt: 'Research the history of the printing press' }),
      });
      expect(answer.status).toBe(403);
      expect(answer.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(JSON.parse(answer.body).message).toContain('https://evil.example');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(hops()).toBe(before);
    });

    it('refuses a request addressed to a foreign name (DNS rebinding), /ping included', async () => {
      for (const path of [invocationsPath('orchestrator'), '/ping']) {
        const answer = await send(endpointPort, {
          method: path === '/ping' ? 'GET' : 'POST',
          path,
          headers: { host: `evil.example:${endpointPort}`, 'content-type': 'application/json' },
          body: path === '/ping' ? undefined : JSON.stringify({ prompt: 'Hello' }),
        });
        expect(answer.status, path).toBe(421);
        expect(JSON.parse(answer.body).message).toContain('evil.example');
      }
    });

    it('serves its own page only with the page token, and no page from another local origin', async () => {
      const prompt = (headers: Record<string, string>) =>
        send(endpointPort, {
          path: invocationsPath('writer'),
          headers: { host: ownHost(), 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ prompt: 'Hello' }),
        });
      const own = `http://127.0.0.1:${endpointPort}`;
      expect((await prompt({ origin: own })).status).toBe(403);
      expect((await prompt({ origin: own, [PAGE_TOKEN_HEADER]: 'guessed' })).status).toBe(403);
      const pageToken = system.pageToken;
      expect((await prompt({ origin: own, [PAGE_TOKEN_HEADER]: pageToken })).status).toBe(200);
      // Another server on this machine (another port) is another origin, token or not.
      const other = await prompt({
        origin: `http://127.0.0.1:${endpointPort + 1}`,
        [PAGE_TOKEN_HEADER]: pageToken,
      });
      expect(other.status).toBe(403);
    });

    it('answers a malformed percent-encoding in the path with 400, not a 5xx SDKs retry', async () => {
      const answer = await send(endpointPort, {
        path: '/runtimes/arn%3Aaws%E0%A4%A/invocations',
        headers: { 'content-type': 'application/json' },
        body: '{"prompt":"Hello"}',
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
      expect(JSON.parse(answer.body).message).toContain('percent-encoding');
    });

    it(`accepts payloads well past 1 MiB and refuses what AgentCore refuses (over ${MAX_PAYLOAD_BYTES / 2 ** 20} MB) by name`, async () => {
      const big = await send(endpointPort, {
        path: invocationsPath('writer'),
        headers: { 'content-type': 'application/json', [sessionHeader]: session('big') },
        body: JSON.stringify({ prompt: 'Hello', attachment: 'x'.repeat(5 * 2 ** 20) }),
      });
      expect(big.status, big.body).toBe(200);
      const tooBig = await send(endpointPort, {
        path: invocationsPath('writer'),
        headers: {
          'content-type': 'application/json',
          'content-length': String(MAX_PAYLOAD_BYTES + 1),
        },
      }).catch((error: Error) => error);
      expect(tooBig).not.toBeInstanceOf(Error);
      expect((tooBig as Answer).status).toBe(413);
      expect(JSON.parse((tooBig as Answer).body).message).toContain('100 MB');
    });
  });

  describe("an agent's own port", () => {
    for (const agent of ['orchestrator', 'researcher']) {
      it(`refuses a foreign Host and any Origin (${agent}, ${agent === 'researcher' ? 'A2A' : 'HTTP'})`, async () => {
        const { port } = system.agent(agent);
        const path = agent === 'researcher' ? '/' : '/invocations';
        const body = JSON.stringify({ prompt: 'Hello' });
        const headers = { 'content-type': 'application/json', [sessionHeader]: session('direct') };
        const foreignHost = await send(port, {
          path,
          headers: { ...headers, host: `evil.example:${port}` },
          body,
        });
        expect(foreignHost.status).toBe(421);
        expect(foreignHost.body).toContain('DNS rebinding');
        const page = await send(port, {
          path,
          headers: { ...headers, origin: `http://127.0.0.1:${endpointPort}` },
          body,
        });
        expect(page.status).toBe(403);
        const ping = await send(port, {
          method: 'GET',
          path: '/ping',
          headers: { host: `evil.example:${port}` },
        });
        expect(ping.status).toBe(421);
        expect((await send(port, { method: 'GET', path: '/ping' })).status).toBe(200);
      });
    }
  });

  describe("AWS's own clients with their defaults", () => {
    it('the JavaScript SDK with no content type given (it sends application/octet-stream)', async () => {
      const client = localClient(system.endpointUrl);
      const out = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          payload: new TextEncoder().encode(
            JSON.stringify({ prompt: 'Draft a poem about rivers' }),
          ),
        }),
      );
      const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
      expect(answer.delegations.map((d) => [d.agent, d.ok])).toEqual([['writer', true]]);
    });

    it('a body with no content type is read as JSON; one that is not JSON says what to send', async () => {
      const plain = await send(endpointPort, {
        path: invocationsPath('writer'),
        body: JSON.stringify({ prompt: 'Hello' }),
      });
      expect(plain.status, plain.body).toBe(200);
      expect(JSON.parse(plain.body)).toMatchObject({ status: 'success', agent: 'writer' });
      const notJson = await send(endpointPort, { path: invocationsPath('writer'), body: 'Hello' });
      expect(notJson.status).toBe(424);
      expect(JSON.parse(notJson.body).message).toContain('{"prompt": "Summarise the news"}');
    });

    it.skipIf(noBoto3)(
      `boto3's invoke_agent_runtime with its defaults (no content type, its own session id)${noBoto3 ? ` (skipped: ${noBoto3})` : ''}`,
      async () => {
        const script = join(home, 'invoke.py');
        await writeFile(
          script,
          [
            'import sys, boto3',
            "client = boto3.client('bedrock-agentcore', region_name='us-east-1')",
            "out = client.invoke_agent_runtime(agentRuntimeArn=sys.argv[1], qualifier='DEFAULT', payload=sys.argv[2])",
            "print(out['response'].read().decode())",
          ].join('\n'),
        );
        const boto3 = async (agent: string, payload: string) => {
          const { stdout } = await run('python3', [script, system.agent(agent).arn, payload], {
            env: {
              ...bareEnv(home),
              AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: system.endpointUrl,
              AWS_ACCESS_KEY_ID: 'AKIATEST',
              AWS_SECRET_ACCESS_KEY: 'test',
            },
          });
          return JSON.parse(stdout);
        };
        const answer = (await boto3(
          'orchestrator',
          JSON.stringify({ prompt: 'Research the history of tea' }),
        )) as AgentResponse;
        expect(answer.delegations.map((d) => d.agent)).toEqual(['researcher']);
        expect(answer.sessionId).toHaveLength(36);
        // An A2A agent reads boto3's JSON-RPC the same way.
        const rpc = await boto3('researcher', greetingPayload('A2A'));
        expect(rpc).toMatchObject({
          jsonrpc: '2.0',
          id: '1',
          result: { kind: 'task', status: { state: 'completed' } },
        });
        expect(taskText(rpc.result)).toBe('researcher (offline model) received: "Hello".');
      },
    );

    it.skipIf(noAwsCli)(
      `the AWS CLI command dev prints, pasted as is with no AWS configuration${noAwsCli ? ` (skipped: ${noAwsCli})` : ''}`,
      async () => {
        const printed = output
          .flatMap((entry) => entry.split('\n'))
          .find((line) => line.includes('aws bedrock-agentcore'));
        expect(printed).toBeDefined();
        const stdout = await inTerminal(printed?.trim() ?? '', home);
        expect(stdout).toContain('"status":"success"');
        expect(stdout).toContain('"agent":"orchestrator"');
        // The same command for an A2A agent sends JSON-RPC and gets its answer.
        const a2a = cliGreetingCommand(
          'A2A',
          `--endpoint-url ${system.endpointUrl} --region us-east-1 --no-sign-request --agent-runtime-arn ${system.agent('researcher').arn}`,
        );
        const printedA2a = await inTerminal(a2a, home);
        // The answer comes first, then the CLI's own summary: a flat object, the last `{`.
        const rpc = JSON.parse(printedA2a.slice(0, printedA2a.lastIndexOf('{'))) as {
          jsonrpc: string;
          result: Task;
        };
        expect(rpc).toMatchObject({ jsonrpc: '2.0', result: { status: { state: 'completed' } } });
        expect(taskText(rpc.result)).toBe('researcher (offline model) received: "Hello".');
      },
    );
  });
});

/**
 * Runs a pasted shell command in a terminal, as a user would: under `script`, which gives
 * it a pseudo-terminal (the command writes its answer to /dev/stdout).
 */
async function inTerminal(command: string, home: string): Promise<string> {
  // Not execFileSync: the endpoint answering the command runs in this process.
  const { stdout } = await run('script', ['-qec', command, '/dev/null'], {
    env: bareEnv(home),
    cwd: home,
  });
  return stdout;
}

describe('an endpoint bound beyond loopback', () => {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it.skipIf(!address)(
    `answers requests addressed to this machine's address, still no foreign name${address ? '' : ' (skipped: no network interface)'}`,
    async () => {
      const endpoint = new LocalDataPlane();
      const url = await endpoint.listen(0, '0.0.0.0');
      const port = Number(new URL(url).port);
      try {
        const remote = await send(port, {
          method: 'GET',
          path: '/ping',
          headers: { host: `${address}:${port}` },
        });
        expect(remote.status).toBe(200);
        const rebound = await send(port, {
          method: 'GET',
          path: '/ping',
          headers: { host: `evil.example:${port}` },
        });
        expect(rebound.status).toBe(421);
      } finally {
        await endpoint.close();
      }
    },
  );
});

const sessionHeader = 'x-amzn-bedrock-agentcore-runtime-session-id';
