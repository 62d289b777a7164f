import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Task } from '@a2a-js/sdk';
import { ClientFactory } from '@a2a-js/sdk/client';
import { GetAgentCardCommand, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { invokeAgent } from '../../src/dev/invoke';
import { DevSystem } from '../../src/dev/system';
import { findInvokeTarget } from '../../src/dev/targets';
import {
  createProject,
  localClient,
  MIXED_TEAM,
  session,
  type TestProject,
  taskText,
} from './harness';

const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const run = promisify(execFile);

describe('A2A agents in a local system', () => {
  let project: TestProject;
  let system: DevSystem;
  const output: string[] = [];

  beforeAll(async () => {
    project = await createProject(MIXED_TEAM);
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      env: { PEER_CALL_TIMEOUT_MS: '10000', PEER_CALL_MAX_ATTEMPTS: '1' },
      log: (line) => output.push(line),
    });
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
  });

  /** The researcher's data-plane URL on the local endpoint, as AgentCore's is on AWS. */
  const localRuntimeUrl = () =>
    `${system.endpointUrl}/runtimes/${encodeURIComponent(system.agent('researcher').arn)}/invocations/`;

  /**
   * The A2A SDK's own client, as shipped, created from the agent card URL on the local
   * endpoint and nothing else: it goes wherever the card says.
   */
  const stockClient = () => new ClientFactory().createFromUrl(localRuntimeUrl());

  it('serves the agent card through the local endpoint, advertising where it is reached there', async () => {
    const response = await fetch(`${localRuntimeUrl()}.well-known/agent-card.json`);
    expect(response.status).toBe(200);
    const card = (await response.json()) as { url: string };
    expect(card).toMatchObject({
      name: 'researcher',
      description: MIXED_TEAM.agents[1].description,
      url: localRuntimeUrl(),
      preferredTransport: 'JSONRPC',
      capabilities: { streaming: true },
    });
  });

  it("answers the AWS SDK's GetAgentCard through the local endpoint", async () => {
    const client = localClient(system.endpointUrl, { maxAttempts: 1 });
    const out = await client.send(
      new GetAgentCardCommand({
        agentRuntimeArn: system.agent('researcher').arn,
        runtimeSessionId: session('card'),
      }),
    );
    expect(out.agentCard).toMatchObject({ name: 'researcher', url: localRuntimeUrl() });
  });

  it('answers JSON-RPC 2.0 message/send on POST / behind the endpoint path', async () => {
    const response = await fetch(localRuntimeUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: session('raw-rpc') },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'message/send',
        params: {
          message: {
            kind: 'message',
            messageId: 'm-1',
            role: 'user',
            parts: [{ kind: 'text', text: 'Hello researcher' }],
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { result: Task };
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 7, result: { kind: 'task' } });
    expect(answer.result.status.state).toBe('completed');
    // The AgentCore session is the conversation's A2A context.
    expect(answer.result.contextId).toBe(session('raw-rpc'));
    const text = taskText(answer.result);
    expect(text).toContain('researcher (offline model) received: "Hello researcher"');
  });

  it("answers the A2A SDK's stock client, which keeps a conversation by its context", async () => {
    const client = await stockClient();
    const send = async (text: string, contextId?: string) =>
      (await client.sendMessage({
        message: {
          kind: 'message',
          messageId: crypto.randomUUID(),
          role: 'user',
          parts: [{ kind: 'text', text }],
          ...(contextId ? { contextId } : {}),
        },
      })) as Task;
    const first = await send('Note the river Thames');
    expect(first.kind).toBe('task');
    expect(first.status.state).toBe('completed');
    const second = await send('And now the Danube', first.contextId);
    expect(taskText(second)).toContain('Earlier in this session you said: "Note the river Thames"');
  });

  it('keeps an AgentCore session for a stock client that sends the session header', async () => {
    const client = await stockClient();
    const id = session('stock-session');
    const send = async (text: string) =>
      (await client.sendMessage(
        {
          message: {
            kind: 'message',
            messageId: crypto.randomUUID(),
            role: 'user',
            parts: [{ kind: 'text', text }],
          },
        },
        { serviceParameters: { [SESSION_HEADER]: id } },
      )) as Task;
    const first = await send('Note the river Seine');
    expect(first.contextId).toBe(id);
    const second = await send('And now the Loire');
    expect(taskText(second)).toContain('Earlier in this session you said: "Note the river Seine"');
  });

  it('answers plain JSON-RPC from curl that follows only what the card says', async () => {
    const card = JSON.parse(
      (await run('curl', ['-sf', `${localRuntimeUrl()}.well-known/agent-card.json`])).stdout,
    ) as { url: string };
    const rpc = {
      jsonrpc: '2.0',
      id: 'curl-1',
      method: 'message/send',
      params: {
        message: {
          kind: 'message',
          messageId: 'm-curl',
          role: 'user',
          parts: [{ kind: 'text', text: 'Hello from curl' }],
        },
      },
    };
    const { stdout } = await run('curl', [
      '-sf',
      '-H',
      'content-type: application/json',
      '--data',
      JSON.stringify(rpc),
      card.url,
    ]);
    const answer = JSON.parse(stdout) as { result: Task };
    expect(answer.result.status.state).toBe('completed');
    expect(taskText(answer.result)).toContain(
      'researcher (offline model) received: "Hello from curl"',
    );
  });

  it('streams message/stream through the endpoint as Server-Sent Events', async () => {
    const client = await stockClient();
    const kinds: string[] = [];
    let text = '';
    for await (const event of client.sendMessageStream({
      message: {
        kind: 'message',
        messageId: crypto.randomUUID(),
        role: 'user',
        parts: [{ kind: 'text', text: 'Stream a hello' }],
      },
    })) {
      kinds.push(event.kind);
      if (event.kind === 'artifact-update') {
        text += event.artifact.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
      }
    }
    expect(kinds[0]).toBe('task');
    // The offline model streams word by word: several chunks, then the final status.
    expect(kinds.filter((k) => k === 'artifact-update').length).toBeGreaterThan(2);
    expect(kinds.at(-1)).toBe('status-update');
    expect(text).toContain('researcher (offline model) received: "Stream a hello"');
  });

  it('lets an HTTP orchestrator delegate to the A2A specialist, and the delegations say so', async () => {
    const client = localClient(system.endpointUrl, { maxAttempts: 1 });
    const id = session('mixed');
    const invoke = async (prompt: string) => {
      const out = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          runtimeSessionId: id,
          contentType: 'application/json',
          accept: 'application/json',
          payload: new TextEncoder().encode(JSON.stringify({ prompt })),
        }),
      );
      return JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    };

    const answer = await invoke('Research the archived newspapers about the printing press');
    expect(answer.delegations.map((d) => [d.agent, d.tool, d.ok, d.sessionId])).toEqual([
      ['researcher', 'call_researcher', true, id],
    ]);
    expect(answer.response).toContain(
      'call_researcher answered: researcher (offline model) delegated',
    );
    // The A2A specialist's own delegation comes back on its A2A answer.
    expect(answer.delegations[0].delegations?.map((d) => [d.agent, d.ok, d.sessionId])).toEqual([
      ['archivist', true, id],
    ]);
    expect(answer.response).toContain('call_archivist answered: archivist (offline model)');

    // HTTP and A2A callees side by side in one system.
    const writing = await invoke('Draft a poem about rivers');
    expect(writing.delegations.map((d) => [d.agent, d.ok])).toEqual([['writer', true]]);

    // Every hop went through the local endpoint in the caller's session.
    const log = output.join('\n');
    expect(log).toMatch(new RegExp(`\\[endpoint\\] researcher 200 in \\d+ ms \\(session ${id}\\)`));
    expect(log).toMatch(new RegExp(`\\[endpoint\\] archivist 200 in \\d+ ms \\(session ${id}\\)`));

    // A follow-up in the session reaches the same A2A conversation.
    const again = await invoke('Research volcanoes of Iceland');
    expect(again.delegations.map((d) => [d.agent, d.delegations ?? []])).toEqual([
      ['researcher', []],
    ]);
    expect(again.response).toContain(
      'Earlier in this session you said: "Research the archived newspapers about the printing press"',
    );
  });

  it('answers `invoke` for an A2A agent, found by name, over A2A', async () => {
    const target = await findInvokeTarget(project.dir, 'researcher');
    expect(target.protocol).toBe('A2A');
    const result = await invokeAgent({
      ...target,
      prompt: 'Research tides',
      sessionId: session('invoke'),
    });
    expect(result.response).toContain('researcher');
    expect(result.sessionId).toBe(session('invoke'));
  });

  it('refuses what AgentCore would not route to an A2A agent', async () => {
    const wrong = await fetch(`${localRuntimeUrl()}tasks`, { method: 'GET' });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    // Malformed JSON gets JSON-RPC's parse error from the agent, which AgentCore (and the
    // local endpoint) pass on as the container's client error.
    const direct = await fetch(`http://127.0.0.1:${system.agent('researcher').port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc": "2.0",',
    });
    expect(direct.status).toBe(400);
    expect(await direct.json()).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700 },
    });
    const proxied = await fetch(localRuntimeUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc": "2.0",',
    });
    expect(proxied.status).toBe(424);
    expect(proxied.headers.get('x-amzn-errortype')).toBe('RuntimeClientError');
    // An HTTP agent has no agent card.
    const http = await fetch(
      `${system.endpointUrl}/runtimes/${encodeURIComponent(system.agent('writer').arn)}/invocations/.well-known/agent-card.json`,
    );
    expect(http.status).toBe(404);
  });
});
