import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_QUALIFIER, MAX_PAYLOAD_BYTES, SESSION_HEADER } from '../agent-runtime/contract';
import {
  isLoopbackAddress,
  type LoopbackGuardOptions,
  refuseForeignRequest,
} from '../agent-runtime/loopback-guard';
import { MAX_SESSION_ID_LENGTH, MIN_SESSION_ID_LENGTH } from '../agent-runtime/session';
import { baggageEntry, outcomeOf, promptOf, withBaggageEntry } from './call-reading';
import { HopLog } from './hop-log';
import type { MemoryRoutes } from './memory-routes';
import { sendServiceError } from './service-error';

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

/**
 * The header that carries the endpoint's page token. The endpoint's own page receives the
 * token when it is served; a request from a page (one with an `Origin`) that changes
 * anything must send it back, so only that page, never another page that found its way
 * to the endpoint's origin, can invoke agents.
 */
export const PAGE_TOKEN_HEADER = 'x-agentcore-local-token';

/**
 * The baggage entry that names the hop a request belongs to. The endpoint sets it on every
 * call it passes to an agent; the agent's delegations carry their trace's baggage on, so
 * a call that arrives with it is a child of that hop.
 */
export const HOP_BAGGAGE_KEY = 'agentcore-local-hop';

/** Serves what the endpoint offers besides the data plane (the inspector page); true when it answered. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** What the local endpoint records and serves besides passing calls on. */
export interface LocalDataPlaneOptions {
  /** Where every call is recorded. @default a new, empty log */
  readonly hops?: HopLog;
  /** GET requests outside the data plane go here first. @default none */
  readonly pages?: PageHandler;
  /** The secret of this run that the endpoint's own page sends back. @default a new random one */
  readonly pageToken?: string;
  /** The system's memory, served under `/memories/`. @default none: the system has no memory */
  readonly memory?: MemoryRoutes;
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
  /**
   * Starts the agent's process if it is not running (AgentCore's cold start), resolving
   * once it answers. @default - the agent is started by whoever runs the endpoint
   */
  readonly start?: () => Promise<void>;
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
  /** A secret of this run, handed to the endpoint's own page; see {@link PAGE_TOKEN_HEADER}. */
  public readonly pageToken: string;
  private readonly runtimes = new Map<string, LocalRuntime>();
  /** Every call passed on, as the endpoint saw it. */
  public readonly hops: HopLog;
  private server?: Server;
  private guard?: LoopbackGuardOptions;

  constructor(private readonly options: LocalDataPlaneOptions = {}) {
    this.hops = options.hops ?? new HopLog();
    this.pageToken = options.pageToken ?? newPageToken();
  }

  /** Makes a runtime reachable, or updates its port after a restart. */
  public register(runtime: LocalRuntime): void {
    this.runtimes.set(runtime.arn, runtime);
  }

  /**
   * Starts listening; port 0 picks a free one. On any `host` other than a loopback address
   * the endpoint also answers requests addressed to that host (see `dev --host`).
   * @returns the endpoint's URL on this machine
   */
  public async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) sendServiceError(res, 500, 'InternalServerException', error.message);
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
    this.guard = {
      port: address.port,
      ownPage: true,
      ...(isLoopbackAddress(host) ? {} : { extraHosts: [host] }),
    };
    return `http://127.0.0.1:${address.port}`;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = this.refusal(req);
    if (refusal) {
      sendServiceError(res, refusal.status, 'AccessDeniedException', refusal.message);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/ping') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'Healthy' }));
      return;
    }
    if (req.method === 'GET' && this.options.pages?.(req, res, url)) return;
    if (this.options.memory && url.pathname.startsWith('/memories/')) {
      await this.options.memory.handle(req, res, url);
      return;
    }
    const match = /^\/runtimes\/(.+?)\/invocations(\/.*)?$/.exec(url.pathname);
    const unknownOperation = () =>
      sendServiceError(
        res,
        404,
        'UnknownOperationException',
        `${req.method} ${url.pathname} is not an AgentCore data-plane operation here; use POST /runtimes/{URL-encoded runtime ARN}/invocations, and for an A2A agent also GET /runtimes/{URL-encoded runtime ARN}/invocations/.well-known/agent-card.json`,
      );
    if (!match) {
      unknownOperation();
      return;
    }
    const arn = decodeArn(match[1]);
    if (arn === undefined) {
      sendServiceError(
        res,
        400,
        'ValidationException',
        `the runtime ARN in the path is not valid percent-encoding ("${match[1].slice(0, 200)}"); encode it with encodeURIComponent, as the AWS SDKs do`,
      );
      return;
    }
    const runtime = this.runtimes.get(arn);
    if (!runtime) {
      const known = [...this.runtimes.keys()].join(', ') || 'none';
      sendServiceError(
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
      sendServiceError(
        res,
        404,
        'ResourceNotFoundException',
        `Runtime ${runtime.agent} has no endpoint "${qualifier}" locally; use qualifier DEFAULT`,
      );
      return;
    }
    const sessionId = headerValue(req, SESSION_HEADER) ?? randomUUID();
    if (sessionId.length < MIN_SESSION_ID_LENGTH || sessionId.length > MAX_SESSION_ID_LENGTH) {
      sendServiceError(
        res,
        400,
        'ValidationException',
        `runtimeSessionId has ${sessionId.length} characters; AgentCore requires ${MIN_SESSION_ID_LENGTH} to ${MAX_SESSION_ID_LENGTH}`,
      );
      return;
    }
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === undefined) {
      res.setHeader('connection', 'close');
      sendServiceError(
        res,
        413,
        'ValidationException',
        `the payload is larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MB, the most AgentCore Runtime accepts; send large inputs by reference (an S3 URI the agent reads)`,
      );
      return;
    }
    const started = await runtime.start?.().then(
      () => undefined,
      (error: Error) => error,
    );
    if (runtime.port === undefined || started) {
      sendServiceError(
        res,
        424,
        'RuntimeClientError',
        started
          ? `Agent ${runtime.agent} did not start: ${started.message}`
          : `Agent ${runtime.agent} is not running; see the dev output for why`,
      );
      return;
    }
    // A call is a hop; reading an A2A agent's card is not.
    const protocol = runtime.protocol ?? 'HTTP';
    const hop =
      req.method === 'POST'
        ? this.hops.start({
            parentId: baggageEntry(headerValue(req, 'baggage'), HOP_BAGGAGE_KEY),
            traceId: headerValue(req, 'traceparent')?.split('-')[1],
            agent: runtime.agent,
            protocol,
            sessionId,
            prompt: promptOf(protocol, body),
          })
        : undefined;
    const outcome = await forward(req, res, runtime, sessionId, body, agentPath, hop?.id);
    if (hop)
      this.hops.finish(
        hop.id,
        outcomeOf(protocol, outcome.status, outcome.contentType, outcome.body),
      );
  }

  /**
   * Who may call: loopback names only, no other web page, and the endpoint's own page only
   * with its token when it changes something.
   */
  private refusal(req: IncomingMessage): { status: number; message: string } | undefined {
    if (!this.guard) return { status: 503, message: 'the endpoint is starting' };
    const refused = refuseForeignRequest(req.headers, this.guard);
    if (refused) return refused;
    const fromPage = req.headers.origin !== undefined;
    const reads = req.method === 'GET' || req.method === 'HEAD';
    if (fromPage && !reads && headerValue(req, PAGE_TOKEN_HEADER) !== this.pageToken) {
      return {
        status: 403,
        message: `a request from the local page must carry its ${PAGE_TOKEN_HEADER} header; reload the page served by this endpoint`,
      };
    }
    return undefined;
  }
}

/** What the caller got: status, content type, and the body (or the error's `{"message"}`). */
interface Forwarded {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** How much of an answer the endpoint keeps to read for its hop log; the caller gets all of it. */
const ANSWER_READ_LIMIT = 4 * 1024 * 1024;

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  runtime: LocalRuntime,
  sessionId: string,
  body: Buffer,
  path: string,
  hopId: string | undefined,
): Promise<Forwarded> {
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
  if (hopId) headers.baggage = withBaggageEntry(headers.baggage, HOP_BAGGAGE_KEY, hopId);
  const failed = (status: number, type: string, message: string): Forwarded => {
    sendServiceError(res, status, type, message);
    return { status, contentType: 'application/json', body: JSON.stringify({ message }) };
  };

  return new Promise<Forwarded>((resolve) => {
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
            resolve(
              failed(
                424,
                'RuntimeClientError',
                `Received error (${status}) from runtime ${runtime.agent}: ${errorText(text)}`,
              ),
            );
          });
          return;
        }
        const contentType = answer.headers['content-type'] ?? 'application/json';
        res.writeHead(status, {
          'content-type': contentType,
          [SESSION_HEADER]: sessionId,
          'x-amzn-requestid': headers['x-amzn-bedrock-agentcore-runtime-request-id'],
        });
        // The caller gets every byte as it comes; the hop log reads a copy.
        const copy: Buffer[] = [];
        let copied = 0;
        answer.on('data', (c: Buffer) => {
          if (copied < ANSWER_READ_LIMIT) copy.push(c);
          copied += c.length;
        });
        answer.pipe(res);
        const read = () => ({ status, contentType, body: Buffer.concat(copy).toString('utf8') });
        answer.on('end', () => resolve(read()));
        answer.on('error', () => {
          res.destroy();
          resolve({ ...read(), status: 502, body: '{"message":"the answer broke off"}' });
        });
      },
    );
    // A caller that gives up (its timeout) stops the agent's answer too, as the service does.
    res.on('close', () => {
      if (res.writableFinished) return;
      upstream.destroy();
      resolve({
        status: 499,
        contentType: 'application/json',
        body: '{"message":"the caller hung up before the answer ended"}',
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      const message = `Runtime ${runtime.agent} did not answer (${error.code ?? error.message}); it may have crashed, see the dev output`;
      if (!res.headersSent) {
        resolve(failed(424, 'RuntimeClientError', message));
        return;
      }
      res.destroy();
      resolve({ status: 502, contentType: 'application/json', body: JSON.stringify({ message }) });
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

/** A secret no page can guess. */
export function newPageToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The ARN from its percent-encoded path segment; undefined when the encoding is broken. */
function decodeArn(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The whole body, or undefined as soon as it is known to exceed `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
