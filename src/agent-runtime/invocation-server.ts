import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES, SESSION_HEADER } from './contract';
import { Health } from './health';
import { isLoopbackAddress, refuseForeignRequest } from './loopback-guard';
import { USER_ID_HEADER } from './memory-contract';
import { type InvocationPayload, payloadProblem } from './protocol';
import { incomingTrace, type TraceHeaders } from './trace-context';

/**
 * AgentCore Runtime's HTTP contract, on Node's own HTTP server: `POST /invocations`
 * answered with JSON, or with Server-Sent Events when the caller accepts only
 * `text/event-stream`, and `GET /ping` reporting `Healthy`, or `HealthyBusy` while
 * invocations run. Two routes need no web framework, and an agent's every cold start
 * (every new AgentCore session) pays for what it loads.
 */

/** One invocation as the server read it. */
export interface InvocationRequest {
  readonly payload: InvocationPayload;
  /** From AgentCore's session header, else a `sessionId` in the body. */
  readonly sessionId: string;
  /** Whether the caller asked for a stream of events. */
  readonly stream: boolean;
  /** The trace context it arrived with. */
  readonly trace?: TraceHeaders;
  /** The `runtimeUserId` the caller passed AgentCore, if any. */
  readonly userId?: string;
}

/** An answer: one JSON value, or a stream of Server-Sent Events' `data`. */
export type InvocationAnswer =
  | Promise<unknown>
  | AsyncGenerator<{ data: unknown }, void, undefined>;

export interface InvocationServerOptions {
  readonly port: number;
  /** On a loopback address the server answers only loopback names and no web page. */
  readonly host: string;
  readonly handle: (request: InvocationRequest) => InvocationAnswer;
}

/** How often a stream that has nothing to say shows it is alive, so proxies keep it open. */
const STREAM_HEARTBEAT_MS = 15_000;

/**
 * Starts serving; resolves once the port listens.
 * @throws the listen error (a port in use, say)
 */
export async function listenForInvocations(options: InvocationServerOptions): Promise<Server> {
  const guard = isLoopbackAddress(options.host) ? { port: options.port } : undefined;
  const health = new Health();
  const server = createServer((req, res) => {
    const refusal = guard && refuseForeignRequest(req.headers, guard);
    if (refusal) return sendJson(res, refusal.status, { error: refusal.message });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/ping') return sendJson(res, 200, health.status());
    if (req.method === 'POST' && path === '/invocations') {
      health.begin();
      res.once('close', () => health.end());
      invoke(req, res, options.handle).catch((error: Error) => {
        if (!res.headersSent) sendJson(res, 500, { error: error.message });
        else res.destroy(error);
      });
      return;
    }
    sendJson(res, 404, {
      error: `${req.method} ${path} is not served here; AgentCore calls POST /invocations and GET /ping`,
    });
  });
  // Agents may take minutes; Node's default 5 minute request timeout must not cut them.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

async function invoke(
  req: IncomingMessage,
  res: ServerResponse,
  handle: InvocationServerOptions['handle'],
): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    return sendJson(res, 413, {
      error: `the payload is larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MB, the most AgentCore Runtime accepts`,
    });
  }
  // The body is JSON whatever its type says, as AgentCore's own Python runtime reads it:
  // boto3 and the AWS CLI send none, the JavaScript SDK application/octet-stream unless
  // told, curl text/plain.
  const example = 'send a JSON object such as {"prompt": "Summarise the news"}';
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    return sendJson(res, 400, {
      error: `the payload is not valid JSON (${(error as Error).message}); ${example}`,
    });
  }
  const problem = payloadProblem(payload);
  if (problem) return sendJson(res, 400, { error: problem });
  const header = req.headers[SESSION_HEADER];
  const fromBody = (payload as { sessionId?: unknown }).sessionId;
  const sessionId =
    typeof header === 'string' && header ? header : typeof fromBody === 'string' ? fromBody : '';
  if (!sessionId) {
    return sendJson(res, 400, {
      error: `Missing sessionId: send it in the ${SESSION_HEADER} header (AgentCore does) or as "sessionId" in the body`,
    });
  }
  const accept = String(req.headers.accept ?? '');
  const stream = accept.includes('text/event-stream') && !accept.includes('application/json');
  const userId = req.headers[USER_ID_HEADER];
  const answer = handle({
    payload: payload as InvocationPayload,
    sessionId,
    stream,
    trace: incomingTrace(req.headers),
    ...(typeof userId === 'string' && userId ? { userId } : {}),
  });
  if (!isStream(answer)) {
    const value = await answer.catch((error: Error) => ({ failed: error }));
    if (value && typeof value === 'object' && 'failed' in value) {
      return sendJson(res, 500, { error: (value.failed as Error).message });
    }
    return sendJson(res, 200, value);
  }
  await sendEvents(res, answer);
}

/** Server-Sent Events: each value as `data:`, a failure as an `error` event, then the end. */
async function sendEvents(
  res: ServerResponse,
  events: AsyncGenerator<{ data: unknown }, void, undefined>,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
  // A caller that hangs up ends the stream, which closes the agent's turn.
  let gone = false;
  res.once('close', () => {
    gone = true;
  });
  try {
    for await (const { data } of events) {
      if (gone) break;
      res.write(`data: ${JSON.stringify(data)}\n\n`);
    }
  } catch (error) {
    if (!gone)
      res.write(`event: error\ndata: ${JSON.stringify({ error: (error as Error).message })}\n\n`);
  } finally {
    clearInterval(heartbeat);
    if (gone) await events.return(undefined).catch(() => undefined);
    res.end();
  }
}

function isStream(answer: InvocationAnswer): answer is AsyncGenerator<{ data: unknown }> {
  return typeof (answer as AsyncGenerator).next === 'function';
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The body as text, or undefined once it exceeds what AgentCore accepts. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
