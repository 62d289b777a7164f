import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { A2A_REPORT_KEY } from '../../src/agent-runtime/a2a-contract';
import { PeerClient } from '../../src/agent-runtime/peer-client';
import { session } from '../dev/harness';
import { expectedSignature } from '../sigv4';

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/team_researcher-AbCdEf1234';
const CREDENTIALS = { accessKeyId: 'AKIAA2ATESTKEY000000', secretAccessKey: 'a2a-test-secret' };

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * What an A2A caller sends, seen from the endpoint's side: a server on 127.0.0.1 that
 * records each request and answers as AgentCore would for one A2A runtime (a completed
 * task carrying a delegation, or a service error when told to).
 */
describe('calling an A2A callee', () => {
  let server: Server;
  let endpoint: string;
  const received: Received[] = [];
  let failWith: { status: number; type: string } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (failWith) {
          res.writeHead(failWith.status, {
            'content-type': 'application/json',
            'x-amzn-errortype': failWith.type,
          });
          res.end(JSON.stringify({ message: 'Received error (500) from runtime' }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        const request = JSON.parse(body) as { id: number };
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: request.id,
            result: {
              kind: 'task',
              id: 't-1',
              contextId: 'c-1',
              status: { state: 'completed' },
              artifacts: [
                {
                  artifactId: 'a-1',
                  parts: [{ kind: 'text', text: 'The press dates from 1440.' }],
                  metadata: {
                    [A2A_REPORT_KEY]: {
                      agent: 'researcher',
                      model: 'offline',
                      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
                      totalUsage: { inputTokens: 30, outputTokens: 9, totalTokens: 39 },
                      delegations: [
                        {
                          agent: 'archivist',
                          tool: 'call_archivist',
                          sessionId: 's',
                          ok: true,
                          durationMs: 3,
                          attempts: 1,
                        },
                      ],
                    },
                  },
                },
              ],
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  });

  afterEach(() => {
    received.length = 0;
    failWith = undefined;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const target = {
    agent: 'researcher',
    toolName: 'call_researcher',
    envVar: 'RESEARCHER_AGENT_ARN',
    protocol: 'A2A' as const,
  };
  const client = () =>
    new PeerClient({
      maxAttempts: 1,
      env: { RESEARCHER_AGENT_ARN: ARN, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: endpoint },
    });

  it('sends message/send to the runtime URL, SigV4-signed, in the session and the trace', async () => {
    const id = session('signed');
    const trace = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=1',
      baggage: 'hop=1',
    };
    const { text, delegation } = await client().call(
      target,
      'When was the press invented?',
      id,
      trace,
    );
    expect(text).toBe('The press dates from 1440.');
    expect(delegation).toMatchObject({
      agent: 'researcher',
      ok: true,
      sessionId: id,
      attempts: 1,
      model: 'offline',
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      totalUsage: { inputTokens: 30, outputTokens: 9, totalTokens: 39 },
    });
    expect(delegation.delegations?.map((d) => d.agent)).toEqual(['archivist']);
    // With no tracing set up here, the caller's trace context passes on unchanged.
    expect(received[0].headers).toMatchObject(trace);

    const path = `/runtimes/${encodeURIComponent(ARN)}/invocations/`;
    // One request, and no card fetched: that would need GetAgentCard beside the edge's grant.
    expect(received.map((r) => [r.method, r.url])).toEqual([['POST', path]]);
    const rpc = received[0];
    expect(JSON.parse(rpc.body)).toMatchObject({
      jsonrpc: '2.0',
      method: 'message/send',
      params: {
        message: { role: 'user', parts: [{ kind: 'text', text: 'When was the press invented?' }] },
      },
    });
    expect(rpc.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(id);
    for (const request of received) {
      expect(request.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAA2ATESTKEY000000\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
      );
      expect(
        await expectedSignature(request, {
          service: 'bedrock-agentcore',
          region: 'us-east-1',
          credentials: CREDENTIALS,
        }),
      ).toBe(request.headers.authorization);
    }
    // The session header is covered by the signature, as AgentCore requires of signed headers.
    expect(rpc.headers.authorization).toContain('x-amzn-bedrock-agentcore-runtime-session-id');
  });

  it('keeps each call in its own session on one client', async () => {
    const peers = client();
    await peers.call(target, 'first', session('one'));
    await peers.call(target, 'second', session('two'));
    expect(received.map((r) => r.headers['x-amzn-bedrock-agentcore-runtime-session-id'])).toEqual([
      session('one'),
      session('two'),
    ]);
  });

  it("turns the service's error answer into a failed delegation the caller's model can read", async () => {
    const peers = client();
    await peers.call(target, 'warm up', session('warm'));
    failWith = { status: 424, type: 'RuntimeClientError' };
    const { text, delegation } = await peers.call(target, 'fail please', session('fail'));
    expect(delegation.ok).toBe(false);
    expect(text).toBe('researcher failed: Received error (500) from runtime');
  });
});

/** The signature AWS would compute for the request as it arrived, with the same key. */
