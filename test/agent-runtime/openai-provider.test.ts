import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../../src/agent-runtime/models';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { DevSystem } from '../../src/dev/system';
import { createProject, localClient, type TestProject } from '../dev/harness';

type ChatRequest = {
  model: string;
  messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string } }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
};

/**
 * Stands in for an OpenAI-compatible server (a local LLM's, say) on its real wire:
 * `POST /v1/chat/completions`, answered as Server-Sent Events of chat.completion.chunk
 * objects, a streamed tool call included, usage in the last chunk. Scripted: a request
 * that offers `call_writer` and has no tool result yet asks for it; one that carries the
 * tool result answers from it; any other answers in text.
 */
async function chatServer(requests: ChatRequest[]): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null, usage?: object) =>
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: request.model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`,
        );
      const toolResult = request.messages.find((m) => m.role === 'tool');
      if (request.tools?.some((t) => t.function.name === 'call_writer') && !toolResult) {
        chunk(
          {
            role: 'assistant',
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: 'call_writer', arguments: '' },
              },
            ],
          },
          null,
        );
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"query":' } }] }, null);
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"A poem about tea"}' } }] }, null);
        chunk({}, 'tool_calls');
        chunk({}, null, { prompt_tokens: 90, completion_tokens: 12, total_tokens: 102 });
      } else if (toolResult) {
        chunk(
          { role: 'assistant', content: `From the writer: ${JSON.stringify(toolResult.content)}` },
          null,
        );
        chunk({}, 'stop');
        chunk({}, null, { prompt_tokens: 120, completion_tokens: 18, total_tokens: 138 });
      } else {
        chunk({ role: 'assistant', content: 'Tea steams; ' }, null);
        chunk({ content: 'the kettle sings.' }, null);
        chunk({}, 'stop');
        chunk({}, null, { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 });
      }
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('agents on the openai provider, against a local OpenAI-compatible server', () => {
  let chat: { server: Server; baseUrl: string };
  let project: TestProject;
  let system: DevSystem;
  const requests: ChatRequest[] = [];

  beforeAll(async () => {
    chat = await chatServer(requests);
    project = await createProject({
      name: 'tea-house',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'Answers requests.' },
        { name: 'writer', role: 'specialist', description: 'Writes poems on any subject.' },
      ],
    });
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'openai',
      watch: false,
      env: {
        OPENAI_BASE_URL: chat.baseUrl,
        OPENAI_MODEL_ID: 'llama3.2',
        PEER_CALL_MAX_ATTEMPTS: '1',
      },
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await system?.close();
    await project?.remove();
    await new Promise<void>((resolve) => chat.server.close(() => resolve()));
  });

  it('delegates on a streamed tool call, and the usage the server reports reaches the records', async () => {
    const client = localClient(system.endpointUrl);
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        contentType: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt: 'I would like a poem' })),
      }),
    );
    const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    expect(answer.response).toContain('From the writer:');
    expect(answer.response).toContain('Tea steams; the kettle sings.');
    expect(answer.delegations.map((d) => [d.agent, d.ok])).toEqual([['writer', true]]);
    expect(answer.delegations[0]).toMatchObject({
      model: 'llama3.2',
      usage: { inputTokens: 30, outputTokens: 7, totalTokens: 37 },
    });
    expect(answer.usage).toEqual({ inputTokens: 210, outputTokens: 30, totalTokens: 240 });
    expect(answer.totalUsage).toEqual({ inputTokens: 240, outputTokens: 37, totalTokens: 277 });

    // What reached the server: the model id, streaming with usage, the generated tool, the query.
    const [first, writer, second] = requests;
    expect(requests.map((r) => [r.model, r.stream, r.stream_options?.include_usage])).toEqual([
      ['llama3.2', true, true],
      ['llama3.2', true, true],
      ['llama3.2', true, true],
    ]);
    expect(first.tools?.map((t) => [t.function.name, t.function.description])).toEqual([
      ['call_writer', 'Writes poems on any subject.'],
    ]);
    expect(JSON.stringify(writer.messages.at(-1))).toContain('A poem about tea');
    expect(second.messages.find((m) => m.role === 'tool')?.tool_call_id).toBe('call_1');
  });
});

describe('the openai provider settings', () => {
  it('names what is missing', () => {
    expect(() =>
      describeModel({ agentName: 'a', modelId: 'm' }, { AGENT_MODEL_PROVIDER: 'openai' }),
    ).toThrow(
      'AGENT_MODEL_PROVIDER=openai needs OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1) and OPENAI_MODEL_ID',
    );
  });

  it('refuses an unknown provider with the accepted ones', () => {
    expect(() =>
      describeModel({ agentName: 'a', modelId: 'm' }, { AGENT_MODEL_PROVIDER: 'gpt' }),
    ).toThrow(
      'AGENT_MODEL_PROVIDER="gpt" is not a model provider; use one of bedrock, openai, offline',
    );
  });
});
