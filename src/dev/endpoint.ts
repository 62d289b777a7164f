import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_QUALIFIER, SESSION_HEADER } from '../agent-runtime/contract';
import { MAX_SESSION_ID_LENGTH, MIN_SESSION_ID_LENGTH } from '../agent-runtime/session';

/** Headers passed to the agent as AgentCore passes them: session, user, custom, trace. */
const FORWARDED_HEADERS = [
  'content-type',
  'accept',
  SESSION_HEADER,
  'x-amzn-bedrock-agentcore-runtime-user-id',
  'authorization',
  'x-amzn-trace-id',
  'traceparent',
  'tracestate',
  'baggage',
];
const CUSTOM_HEADER_PREFIX = 'x-amzn-bedrock-agentcore-runtime-custom-';

/** One invocation as the endpoint saw it. */
export interface InvocationRecord {
  readonly agent: string;
  readonly sessionId: string;
  readonly status: number;
  readonly errorType?: string;
  readonly durationMs: number;
}

/** A runtime the local endpoint can reach. */
export interface LocalRuntime {
  readonly arn: string;
  readonly agent: string;
  /**
   * The contract the agent serves: `HTTP` gets `POST .../invocations` on `/invocations`;
   * `A2A` gets `POST .../invocations/` on `/` and `GET .../invocations/.well-known/agent-card.json`
   * on its card, as AgentCore routes them. @default 'HTTP'
   */
  readonly protocol?: 'HTTP' | 'A2A';
  /** Where the agent's process listens; undefined while it is stopped. */
  port?: number;
}

/**
 * A local stand-in for the AgentCore data plane: `POST /runtimes/{URL-encoded ARN}/invocations`
 * with the session header and `?qualifier=`, passed to the agent's process on its port
 * (an A2A agent's JSON-RPC and agent card under the same path, see `LocalRuntime.protocol`).
 * JSON and SSE answers stream through untouched; errors come back as the service sends
 * them (an `x-amzn-errortype` header and `{"message"}`), so the AWS SDK raises its real
 * exception classes: an agent that answers 4xx/5xx, or does not answer, becomes 424
 * `RuntimeClientError`.
 */
export class LocalDataPlane {
  private readonly runtimes = new Map<string, LocalRuntime>();
  private server?: Server;

  /** @param onInvocation told of every invocation when it ends, for a one-line log */
  constructor(private readonly onInvocation?: (record: InvocationRecord) => void) {}

  /** Makes a runtime reachable, or updates its port after a restart. */
  public register(runtime: LocalRuntime): void {
    this.runtimes.set(runtime.arn, runtime);
  }

  /** Starts listening; port 0 picks a free one. */
  public async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) sendError(res, 500, 'InternalServerException', error.message);
        else res.destroy(error);
      });
    });
    // Agents may take minutes; Node's default 5 minute request timeout must not cut them.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/ping') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'Healthy' }));
      return;
    }
    const match = /^\/runtimes\/(.+?)\/invocations(\/.*)?$/.exec(url.pathname);
    const unknownOperation = () =>
      sendError(
        res,
        404,
        'UnknownOperationException',
        `${req.method} ${url.pathname} is not an AgentCore data-plane operation here; use POST /runtimes/{URL-encoded runtime ARN}/invocations, and for an A2A agent also GET /runtimes/{URL-encoded runtime ARN}/invocations/.well-known/agent-card.json`,
      );
    if (!match) {
      unknownOperation();
      return;
    }
    const arn = decodeURIComponent(match[1]);
    const runtime = this.runtimes.get(arn);
    if (!runtime) {
      const known = [...this.runtimes.keys()].join(', ') || 'none';
      sendError(
        res,
        404,
        'ResourceNotFoundException',
        `No local runtime has ARN ${arn}. Running: ${known}`,
      );
      return;
    }
    const agentPath = pathOnAgent(runtime.protocol ?? 'HTTP', req.method ?? '', match[2] ?? '');
    if (agentPath === undefined) {
      unknownOperation();
      return;
    }
    const qualifier = url.searchParams.get('qualifier');
    if (qualifier !== null && qualifier !== DEFAULT_QUALIFIER) {
      sendError(
        res,
        404,
        'ResourceNotFoundException',
        `Runtime ${runtime.agent} has no endpoint "${qualifier}" locally; use qualifier DEFAULT`,
      );
      return;
    }
    const sessionId = headerValue(req, SESSION_HEADER) ?? randomUUID();
    if (sessionId.length < MIN_SESSION_ID_LENGTH || sessionId.length > MAX_SESSION_ID_LENGTH) {
      sendError(
        res,
        400,
        'ValidationException',
        `runtimeSessionId has ${sessionId.length} characters; AgentCore requires ${MIN_SESSION_ID_LENGTH} to ${MAX_SESSION_ID_LENGTH}`,
      );
      return;
    }
    const body = await readBody(req);
    if (runtime.port === undefined) {
      sendError(
        res,
        424,
        'RuntimeClientError',
        `Agent ${runtime.agent} is not running; see the dev output for why`,
      );
      return;
    }
    const started = performance.now();
    await forward(req, res, runtime, sessionId, body, agentPath);
    this.onInvocation?.({
      agent: runtime.agent,
      sessionId,
      status: res.statusCode,
      errorType: res.getHeader('x-amzn-errortype')?.toString(),
      durationMs: Math.round(performance.now() - started),
    });
  }
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  runtime: LocalRuntime,
  sessionId: string,
  body: Buffer,
  path: string,
): Promise<void> {
  const headers: Record<string, string> = {
    'content-length': String(body.length),
    'x-amzn-bedrock-agentcore-runtime-request-id': randomUUID(),
  };
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== 'string') continue;
    if (FORWARDED_HEADERS.includes(name) || name.startsWith(CUSTOM_HEADER_PREFIX)) {
      headers[name] = value;
    }
  }
  headers[SESSION_HEADER] = sessionId;

  await new Promise<void>((resolve) => {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: runtime.port,
        path,
        method: req.method,
        headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (status >= 400) {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            sendError(
              res,
              424,
              'RuntimeClientError',
              `Received error (${status}) from runtime ${runtime.agent}: ${errorText(text)}`,
            );
            resolve();
          });
          return;
        }
        res.writeHead(status, {
          'content-type': answer.headers['content-type'] ?? 'application/json',
          [SESSION_HEADER]: sessionId,
          'x-amzn-requestid': headers['x-amzn-bedrock-agentcore-runtime-request-id'],
        });
        answer.pipe(res);
        answer.on('end', () => resolve());
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    // A caller that gives up (its timeout) stops the agent's answer too, as the service does.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (!res.headersSent) {
        sendError(
          res,
          424,
          'RuntimeClientError',
          `Runtime ${runtime.agent} did not answer (${error.code ?? error.message}); it may have crashed, see the dev output`,
        );
      } else {
        res.destroy();
      }
      resolve();
    });
    upstream.end(body);
  });
}

/** The agent's own path for a data-plane request, as AgentCore maps it per protocol; undefined when none. */
function pathOnAgent(protocol: 'HTTP' | 'A2A', method: string, rest: string): string | undefined {
  const root = rest === '' || rest === '/';
  if (protocol === 'HTTP') return method === 'POST' && root ? '/invocations' : undefined;
  if (method === 'POST' && root) return '/';
  if (method === 'GET' && rest === '/.well-known/agent-card.json') return rest;
  return undefined;
}

/** The service's error shape: the SDK reads the type from the header, the text from `message`. */
export function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ message }));
}

function errorText(body: string): string {
  try {
    const value = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof value.message === 'string') return value.message;
    if (typeof value.error === 'string') return value.error;
  } catch {
    // Not JSON: the raw text is the best description there is.
  }
  return body.slice(0, 2000);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
