import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ID_HEADER } from '../../src/agent-runtime/memory-contract';
import { invokeAgent } from '../../src/dev/invoke';

// Another runtime's answer, streamed the way AgentCore's Python apps stream: each event's
// data a JSON string, or plain text, with no event types of ours.
let server: Server;
let endpointUrl: string;
let received: IncomingHttpHeaders = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    received = req.headers;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: "Hello"\n\ndata: , world\n\ndata: {"note": 1}\n\n');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('invoke', () => {
  it('shows a foreign runtime\u2019s streamed strings and objects as text', async () => {
    const shown: string[] = [];
    const result = await invokeAgent({
      arn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/other-abc',
      prompt: 'Hi',
      endpointUrl,
      onText: (t) => shown.push(t),
    });
    expect(result.response).toBe('Hello, world{"note":1}');
    expect(shown).toEqual(['Hello', ', world', '{"note":1}']);
    expect(result.delegations).toEqual([]);
    expect(received[USER_ID_HEADER]).toBeUndefined();
  });

  it('names the user it calls for, as AgentCore passes it to the agent', async () => {
    await invokeAgent({
      arn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/other-abc',
      prompt: 'Hi',
      endpointUrl,
      userId: 'ada',
    });
    expect(received[USER_ID_HEADER]).toBe('ada');
  });
});
