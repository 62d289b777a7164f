import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/agent-runtime/answer';
import { PeerClient } from '../../src/agent-runtime/peer-client';
import { deriveRuntimeSessionId } from '../../src/agent-runtime/session';

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/team_researcher-AbC123';
const TARGET = { agent: 'researcher', toolName: 'call_researcher', envVar: 'RESEARCHER_AGENT_ARN' };
const SESSION = 'caller-session-0123456789-0123456789-abc';

/**
 * Stands in for the AgentCore service (the one thing that cannot run here): it answers
 * each request with the next scripted reply, in the service's wire format, and records
 * what the real SDK sent.
 */
type Reply = {
  status: number;
  type?: string;
  body: string;
  contentType?: string;
  delayMs?: number;
};
let replies: Reply[] = [];
const seen: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const reply = replies.shift() ?? { status: 500, type: 'InternalServerException', body: '{}' };
      setTimeout(() => {
        res.writeHead(reply.status, {
          'content-type': reply.contentType ?? 'application/json',
          ...(reply.type ? { 'x-amzn-errortype': reply.type } : {}),
        });
        res.end(reply.body);
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  replies = [];
  seen.length = 0;
});

function client(options: { timeoutMs?: number; maxAttempts?: number } = {}) {
  return new PeerClient({
    baseDelayMs: 5,
    ...options,
    env: {
      RESEARCHER_AGENT_ARN: ARN,
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
  });
}

const ok = (response: string): Reply => ({
  status: 200,
  body: JSON.stringify({
    status: 'success',
    agent: 'researcher',
    sessionId: SESSION,
    response,
    delegations: [],
  }),
});
const throttled: Reply = {
  status: 429,
  type: 'ThrottlingException',
  body: '{"message":"Rate exceeded"}',
};

describe('PeerClient', () => {
  // The SDK reads the endpoint variable from process.env when it builds its client.
  const keys = ['AWS_ENDPOINT_URL_BEDROCK_AGENTCORE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
  const saved = keys.map((k) => process.env[k]);
  beforeAll(() => {
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE = endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIATEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => {
    keys.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
  });

  it('sends the AgentCore request: ARN, DEFAULT qualifier, derived session, JSON prompt', async () => {
    replies = [ok('facts')];
    const { text, delegation } = await client().call(TARGET, 'find facts', SESSION);
    expect(text).toBe('facts');
    expect(delegation).toMatchObject({
      agent: 'researcher',
      tool: 'call_researcher',
      ok: true,
      attempts: 1,
      sessionId: SESSION,
    });
    expect(seen[0].url).toBe(`/runtimes/${encodeURIComponent(ARN)}/invocations?qualifier=DEFAULT`);
    expect(seen[0].headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(SESSION);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ prompt: 'find facts' });
  });

  it('retries throttling with backoff and succeeds', async () => {
    replies = [throttled, throttled, ok('after waiting')];
    const { text, delegation } = await client({ maxAttempts: 3 }).call(TARGET, 'q', SESSION);
    expect(text).toBe('after waiting');
    expect(delegation).toMatchObject({ ok: true, attempts: 3 });
  });

  it('gives up after the last attempt and says the callee is busy', async () => {
    replies = [throttled, throttled];
    const { text, delegation } = await client({ maxAttempts: 2 }).call(TARGET, 'q', SESSION);
    expect(delegation).toMatchObject({ ok: false, attempts: 2 });
    expect(text).toBe(
      'researcher is busy (ThrottlingException); try again later (gave up after 2 attempts)',
    );
  });

  it('does not retry a callee error (424) and passes its message on', async () => {
    replies = [
      {
        status: 424,
        type: 'RuntimeClientError',
        body: '{"message":"Received error (500) from runtime"}',
      },
      ok('x'),
    ];
    const { text, delegation } = await client().call(TARGET, 'q', SESSION);
    expect(delegation).toMatchObject({ ok: false, attempts: 1 });
    expect(text).toBe('researcher failed: Received error (500) from runtime');
  });

  it('times out a callee that does not answer', async () => {
    replies = [{ ...ok('late'), delayMs: 1500 }];
    const { text, delegation } = await client({ timeoutMs: 200 }).call(TARGET, 'q', SESSION);
    expect(delegation).toMatchObject({ ok: false, attempts: 1 });
    expect(text).toContain('researcher did not answer within 200 ms');
    expect(delegation.durationMs).toBeLessThan(1000);
  });

  it('names the variable to set when the ARN is missing', async () => {
    const bare = new PeerClient({ env: {} });
    const { text, delegation } = await bare.call(TARGET, 'q', SESSION);
    expect(delegation).toMatchObject({ ok: false, attempts: 0 });
    expect(text).toContain('RESEARCHER_AGENT_ARN is not set');
  });

  it('reads SSE answers, from generated agents and others', () => {
    const generated =
      'data: {"type":"text","text":"a"}\n\ndata: {"type":"result","status":"success","response":"ab","delegations":[]}\n\n';
    expect(readAnswer(generated, 'text/event-stream')).toEqual({ text: 'ab', delegations: [] });
    expect(readAnswer('data: "x"\n\ndata: "y"\n\n', 'text/event-stream')).toEqual({ text: 'xy' });
    expect(readAnswer('event: error\ndata: {"error":"boom"}\n\n', 'text/event-stream').error).toBe(
      'boom',
    );
    expect(readAnswer('plain words', 'text/plain')).toEqual({ text: 'plain words' });
  });
});

describe('deriveRuntimeSessionId', () => {
  it('passes a valid id through and makes a short one valid, stably and distinctly', () => {
    expect(deriveRuntimeSessionId(SESSION)).toBe(SESSION);
    const a = deriveRuntimeSessionId('short');
    expect(a.length).toBeGreaterThanOrEqual(33);
    expect(deriveRuntimeSessionId('short')).toBe(a);
    expect(deriveRuntimeSessionId('other')).not.toBe(a);
    const long = deriveRuntimeSessionId('x'.repeat(400));
    expect(long.length).toBeLessThanOrEqual(256);
    expect(deriveRuntimeSessionId(`${'x'.repeat(399)}y`)).not.toBe(long);
  });
});
