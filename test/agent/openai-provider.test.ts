import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Agent } from '@strands-agents/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../../src/agent-runtime/models';

/** The `openai` package is an optional peer of Strands; this runs where it is installed. */
const openaiInstalled = (() => {
  try {
    createRequire(require.resolve('@strands-agents/sdk')).resolve('openai');
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!openaiInstalled)(
  'the openai provider against a local OpenAI-compatible server',
  () => {
    let server: Server;
    let baseUrl: string;
    const requests: Array<{
      url?: string;
      body: { model: string; messages: Array<{ role: string }> };
    }> = [];

    beforeAll(async () => {
      // Stands in for a local LLM server: one streamed chat completion per request.
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          requests.push({ url: req.url, body: JSON.parse(body) });
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const chunk = (delta: object, finish: string | null) =>
            `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
          res.write(chunk({ role: 'assistant', content: 'Hello from the local model' }, null));
          res.write(chunk({}, 'stop'));
          res.end('data: [DONE]\n\n');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends the chat to OPENAI_BASE_URL with OPENAI_MODEL_ID and reads the streamed answer', async () => {
      const selected = describeModel(
        { agentName: 'writer', modelId: 'global.anthropic.claude-sonnet-4-6' },
        { AGENT_MODEL_PROVIDER: 'openai', OPENAI_BASE_URL: baseUrl, OPENAI_MODEL_ID: 'llama3.2' },
      );
      expect(selected.description).toBe(`openai-compatible llama3.2 at ${baseUrl}`);
      const agent = new Agent({ model: selected.model, systemPrompt: 'Be brief.', printer: false });
      const result = await agent.invoke('Hi');
      expect(result.toString()).toBe('Hello from the local model');
      expect(requests[0].url).toBe('/v1/chat/completions');
      expect(requests[0].body.model).toBe('llama3.2');
      expect(requests[0].body.messages[0]).toMatchObject({ role: 'system', content: 'Be brief.' });
    });
  },
);

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
