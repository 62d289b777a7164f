import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  type BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
  RuntimeClientError,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse, StreamEvent } from '../../src/agent-runtime/protocol';
import { parseSse } from '../../src/agent-runtime/sse';
import { ping } from '../../src/dev/agent-process';
import { DevSystem } from '../../src/dev/system';
import { createProject, localClient, session, type TestProject } from './harness';

/** AgentCore session ids have at least 33 characters. */

describe('a generated 1+2 system running locally', () => {
  let project: TestProject;
  let system: DevSystem;
  let client: BedrockAgentCoreClient;
  const output: string[] = [];

  beforeAll(async () => {
    project = await createProject();
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      env: { PEER_CALL_TIMEOUT_MS: '3000', PEER_CALL_MAX_ATTEMPTS: '2' },
      log: (line) => output.push(line),
    });
    client = localClient(system.endpointUrl, { maxAttempts: 1 });
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
  });

  async function invoke(agent: string, prompt: string, sessionId: string) {
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent(agent).arn,
        qualifier: 'DEFAULT',
        runtimeSessionId: sessionId,
        contentType: 'application/json',
        accept: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt })),
      }),
    );
    expect(out.runtimeSessionId).toBe(sessionId);
    return JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
  }

  it('prints the endpoint and, per agent, its port, model and local ARN', () => {
    const text = output.join('\n');
    expect(text).toContain(`AgentCore local endpoint: ${system.endpointUrl}`);
    for (const agent of system.agents) {
      expect(agent.arn).toMatch(
        /^arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime\/research_team_\w+-local$/,
      );
      expect(text).toMatch(
        new RegExp(
          `${agent.name}\\s+${agent.port}\\s+offline\\s+${agent.arn.replace(/[/]/g, '\\/')}`,
        ),
      );
    }
  });

  it('delegates to the specialist the prompt is about, and says so', async () => {
    const research = await invoke(
      'orchestrator',
      'Research the history of the printing press',
      session('research'),
    );
    expect(research).toMatchObject({ status: 'success', agent: 'orchestrator' });
    expect(research.delegations.map((d) => [d.agent, d.tool, d.ok])).toEqual([
      ['researcher', 'call_researcher', true],
    ]);
    expect(research.response).toContain('call_researcher answered: researcher (offline model)');

    const writing = await invoke('orchestrator', 'Draft a poem about rivers', session('writing'));
    expect(writing.delegations.map((d) => d.agent)).toEqual(['writer']);
    expect(writing.response).toContain('writer (offline model) received');

    const both = await invoke(
      'orchestrator',
      'Research the history of tea, then draft a poem about it',
      session('both'),
    );
    expect(both.delegations.map((d) => d.agent).sort()).toEqual(['researcher', 'writer']);

    const greeting = await invoke('orchestrator', 'Hello there', session('greeting'));
    expect(greeting.delegations).toEqual([]);
    // The dev output shows each hop: the researcher's call inside the orchestrator's.
    const hop = new RegExp(
      `\\[endpoint\\] researcher 200 in \\d+ ms \\(session ${session('research')}\\)`,
    );
    expect(output.join('\n')).toMatch(hop);
  });

  it('carries the session to the specialist and remembers earlier turns there', async () => {
    const id = session('carried');
    const first = await invoke('orchestrator', 'Research volcanoes of Iceland', id);
    expect(first.delegations[0].sessionId).toBe(id);
    const second = await invoke('orchestrator', 'Research glaciers of Iceland', id);
    // The researcher saw the first query because the second call reached the same session.
    expect(second.response).toContain(
      'Earlier in this session you said: "Research volcanoes of Iceland"',
    );
  });

  it('keeps concurrent sessions apart', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => session(`concurrent-${i}`));
    const answers = await Promise.all(
      ids.map((id, i) => invoke('orchestrator', `Research topic number t${i}x`, id)),
    );
    answers.forEach((answer, i) => {
      expect(answer.sessionId).toBe(ids[i]);
      expect(answer.delegations[0].sessionId).toBe(ids[i]);
      expect(answer.response).toContain(`t${i}x`);
      expect(answer.response).not.toMatch(new RegExp(`t(?!${i}x)\\d+x`));
    });
    const followUps = await Promise.all(
      ids.map((id, i) => invoke('orchestrator', `What did I ask, number ${i}?`, id)),
    );
    followUps.forEach((answer, i) => {
      expect(answer.response).toContain(`"Research topic number t${i}x"`);
      expect(answer.response.match(/t\d+x/g)).toEqual([`t${i}x`]);
    });
  });

  it('lets a follow-up in the same session see the earlier turns', async () => {
    const id = session('memory');
    await invoke('orchestrator', 'My name is Ada', id);
    const answer = await invoke('orchestrator', 'Who am I?', id);
    expect(answer.response).toContain('Earlier in this session you said: "My name is Ada"');
    const other = await invoke('orchestrator', 'Who am I?', session('stranger'));
    expect(other.response).not.toContain('Ada');
  });

  it('streams text, delegations and the result as SSE when asked', async () => {
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: session('stream'),
        contentType: 'application/json',
        accept: 'text/event-stream',
        payload: new TextEncoder().encode(JSON.stringify({ prompt: 'Research tides' })),
      }),
    );
    expect(out.contentType).toContain('text/event-stream');
    const events = parseSse((await out.response?.transformToString()) ?? '').map(
      (e) => JSON.parse(e.data) as StreamEvent,
    );
    const types = events.map((e) => e.type);
    expect(types.indexOf('delegation')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('delegation')).toBeLessThan(types.indexOf('text'));
    expect(types.at(-1)).toBe('result');
    const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    const result = events.at(-1) as Extract<StreamEvent, { type: 'result' }>;
    expect(text).toBe(result.response);
    expect(result.delegations[0]).toMatchObject({ agent: 'researcher', ok: true });
  });

  it('answers 400 with what to send for a malformed payload, and 424 through the endpoint', async () => {
    const port = system.agent('orchestrator').port;
    const missing = await post(port, '{"promt": "typo"}');
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('the payload has no \\"prompt\\" field');
    const text = await post(port, 'Summarise the news', 'text/plain');
    expect(text.status).toBe(400);
    expect(text.body).toContain('not valid JSON');
    const array = await post(port, '[{"prompt": "x"}]');
    expect(array.status).toBe(400);
    expect(array.body).toContain('must be a JSON object, not an array');
    const broken = await post(port, '{"prompt": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toContain('not valid JSON');

    const error = await client
      .send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          runtimeSessionId: session('malformed'),
          contentType: 'application/json',
          payload: new TextEncoder().encode('{"prompt": 42}'),
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeClientError);
    expect((error as RuntimeClientError).$metadata.httpStatusCode).toBe(424);
    expect((error as Error).message).toContain('"prompt" must be a string');
  });

  it('turns a crashed specialist into a tool error the orchestrator answers from', async () => {
    const researcher = system.agent('researcher');
    process.kill(researcher.pid as number, 'SIGKILL');
    await waitFor(async () => !(await ping(researcher.port)));
    const answer = await invoke('orchestrator', 'Research comets', session('crash'));
    expect(answer.status).toBe('success');
    expect(answer.delegations[0]).toMatchObject({ agent: 'researcher', ok: false });
    expect(answer.delegations[0].error).toContain('researcher failed');
    expect(answer.response).toContain('call_researcher failed');
    expect(output.join('\n')).toContain('researcher stopped');
    await system.restart('researcher');
    expect(
      (await invoke('orchestrator', 'Research comets', session('after-crash'))).delegations[0].ok,
    ).toBe(true);
  });

  it('turns a hung specialist into a timeout the orchestrator answers from', async () => {
    const writer = system.agent('writer');
    process.kill(writer.pid as number, 'SIGSTOP');
    try {
      const started = Date.now();
      const answer = await invoke('orchestrator', 'Draft an essay about bees', session('hang'));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(answer.delegations[0]).toMatchObject({ agent: 'writer', ok: false, attempts: 1 });
      expect(answer.delegations[0].error).toContain('did not answer within 3 s');
      expect(answer.response).toContain('call_writer failed');
    } finally {
      process.kill(writer.pid as number, 'SIGCONT');
    }
  });

  it('restarts an agent when its source changes, and only that agent', async () => {
    const writer = system.agent('writer');
    const orchestrator = system.agent('orchestrator');
    const file = join(project.dir, writer.directory, 'src', 'agent.ts');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace("agentName: 'writer'", "agentName: 'writer v2'"));
    await waitFor(() => output.some((line) => line.startsWith('writer restarted')), 30_000);
    expect(system.agent('writer').pid).not.toBe(writer.pid);
    // The system is bundled again as a whole; the agents whose code is the same keep running.
    expect(system.agent('orchestrator').pid).toBe(orchestrator.pid);
    const answer = await invoke('orchestrator', 'Draft a haiku', session('restarted'));
    expect(answer.response).toContain('writer v2 (offline model) received');
  });
});

function post(
  port: number,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/invocations',
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-amzn-bedrock-agentcore-runtime-session-id': session('direct'),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('agents started on their first call, as AgentCore starts a runtime', () => {
  it('starts nothing but the endpoint, then each agent when a call reaches it', async () => {
    const project = await createProject({
      name: 'cold-start',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'Answers requests.' },
        { name: 'writer', role: 'specialist', description: 'Writes poems on any subject.' },
        { name: 'researcher', role: 'specialist', description: 'Researches facts.' },
      ],
    });
    const output: string[] = [];
    const system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      startAgents: 'on-first-call',
      log: (line) => output.push(line),
    });
    try {
      expect(system.agents.map((a) => a.pid)).toEqual([undefined, undefined, undefined]);
      expect(output.join('\n')).toContain('Each agent starts on its first call');
      const client = localClient(system.endpointUrl);
      const out = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          contentType: 'application/json',
          payload: new TextEncoder().encode(JSON.stringify({ prompt: 'Write poems about tea' })),
        }),
      );
      const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
      expect(answer.delegations.map((d) => [d.agent, d.ok])).toEqual([['writer', true]]);
      // The two agents the request reached run; the third was never called.
      expect(system.agents.map((a) => [a.name, a.pid !== undefined])).toEqual([
        ['orchestrator', true],
        ['writer', true],
        ['researcher', false],
      ]);
      expect(output.filter((l) => l.includes('started on its first call'))).toHaveLength(2);
    } finally {
      await system.close();
      await project.remove();
    }
  });
});
