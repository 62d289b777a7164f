import type { Server } from 'node:http';
import { flushCompileCache } from 'node:module';
import type { AgentCard } from '@a2a-js/sdk';
import type { AgentExecutor, ExecutionEventBus, RequestContext } from '@a2a-js/sdk/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { A2A_PORT, A2A_REPORT_KEY, RUNTIME_URL_ENV } from './a2a-contract';
import {
  DEFAULT_MAX_SESSIONS,
  HOST_ENV,
  MAX_SESSIONS_ENV,
  MODEL_ID_ENV,
  PORT_ENV,
  PREPARE_ONLY_ENV,
  positiveIntegerEnv,
} from './config';
import { MAX_PAYLOAD_BYTES, SESSION_HEADER } from './contract';
import { Health } from './health';
import { isLoopbackAddress, refuseForeignRequest } from './loopback-guard';
import { USER_ID_HEADER } from './memory-contract';
import { modelSummary } from './model-provider';
import type { AnswerReport } from './protocol';
import { A2A_REQUEST_SCOPES, type InvocationScope, reportOf } from './scope';
import type { ServeAgentOptions } from './serve-http';
import { SessionMemory } from './session-memory';
import { startTelemetry } from './telemetry';
import { incomingTrace, startInvocationSpan, type TraceHeaders } from './trace-context';
import { NO_USAGE } from './usage';
import { meterModelUsage } from './usage-meter';

/** How to serve one agent on AgentCore's A2A contract. */
export interface ServeA2AAgentOptions extends Omit<ServeAgentOptions, 'port'> {
  /** What the agent does; its agent card advertises it to other agents. */
  readonly description: string;
  /** @default PORT or 9000 (AgentCore's A2A port) */
  readonly port?: number;
}

/** A running A2A agent server. */
export interface ServedA2AAgent {
  readonly server: Server;
  readonly port: number;
  /** The card served at `/.well-known/agent-card.json`. */
  readonly card: AgentCard;
}

/**
 * Serves an agent on AgentCore's A2A contract: JSON-RPC 2.0 (`message/send`,
 * `message/stream`, `tasks/get`) on `POST /`, its agent card on
 * `GET /.well-known/agent-card.json`, and `GET /ping` for health, on port 9000.
 *
 * Strands' `A2AExecutor` runs the agent (one agent per A2A context, so a context keeps
 * its conversation) and the A2A SDK's request handler and Express middleware speak the
 * protocol, as Strands' own `A2AExpressServer` wires them; this wiring adds what that
 * server cannot: the AgentCore session as the default context, so a caller's follow-up
 * in the same session reaches the same conversation; the agent's own delegations on its
 * answer (artifact metadata); and the card's URL from `AGENTCORE_RUNTIME_URL`, the runtime
 * URL AgentCore routes to this container, never the container's local address.
 */
export async function serveA2AAgent(options: ServeA2AAgentOptions): Promise<ServedA2AAgent> {
  await startTelemetry(options.agentName);
  const [{ default: express }, { A2AExecutor }, a2aServer, a2aExpress] = await Promise.all([
    import('express'),
    import('@strands-agents/sdk/a2a'),
    import('@a2a-js/sdk/server'),
    import('@a2a-js/sdk/server/express'),
  ]);
  const port = options.port ?? positiveIntegerEnv(PORT_ENV, A2A_PORT);
  const host = options.host ?? (process.env[HOST_ENV] || '0.0.0.0');
  const card: AgentCard = {
    name: options.agentName,
    description: options.description,
    url: process.env[RUNTIME_URL_ENV] || `http://${host}:${port}/`,
    version: '1.0.0',
    protocolVersion: '0.3.0',
    preferredTransport: 'JSONRPC',
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    capabilities: { streaming: true },
    skills: [
      {
        id: options.agentName,
        name: options.agentName,
        description: options.description,
        tags: ['agentcore-multiagent'],
      },
    ],
  };
  const health = new Health();
  const memory = SessionMemory.fromEnvironment(options.agentName, options.memory);
  const executor = new ReportingExecutor(
    new A2AExecutor({
      agentFactory: (contextId) => {
        const agent = options.createAgent({ sessionId: contextId });
        meterModelUsage(agent);
        memory?.attach(agent, contextId);
        return agent;
      },
      maxContexts:
        options.maxSessions ?? positiveIntegerEnv(MAX_SESSIONS_ENV, DEFAULT_MAX_SESSIONS),
    }),
    health,
    options.agentName,
  );
  const handler = new a2aServer.DefaultRequestHandler(
    card,
    new a2aServer.InMemoryTaskStore(),
    executor,
  );

  const app = express();
  // On the user's machine (`dev` binds agents to 127.0.0.1) only the local endpoint may call.
  if (isLoopbackAddress(host)) {
    app.use((req, res, next) => {
      const refusal = refuseForeignRequest(req.headers, { port });
      if (refusal) res.status(refusal.status).json({ error: refusal.message });
      else next();
    });
  }
  app.get('/ping', (_req, res) => {
    res.json(health.status());
  });
  app.use(
    '/.well-known/agent-card.json',
    a2aExpress.agentCardHandler({ agentCardProvider: handler }),
  );
  const sessionContext: RequestHandler = (req, _res, next) => {
    const message = messageOf(req.body);
    if (message) {
      sessionAsContext(message, req.header(SESSION_HEADER));
      carryTrace(message, incomingTrace(req.headers));
      carryUser(message, req.header(USER_ID_HEADER));
    }
    next();
  };
  // The body is parsed here, before the A2A middleware sees it: answer malformed JSON as
  // that middleware would, with JSON-RPC's parse error.
  const parseError: ErrorRequestHandler = (error, _req, res, next) => {
    if (!(error instanceof SyntaxError)) return next(error);
    res.status(400).json({
      jsonrpc: '2.0',
      id: null,
      error: a2aServer.A2AError.parseError('Invalid JSON payload.').toJSONRPCError(),
    });
  };
  // JSON whatever the content type says (boto3 and the AWS CLI send none), up to what
  // AgentCore accepts.
  app.post(
    '/',
    express.json({ limit: MAX_PAYLOAD_BYTES, type: () => true }),
    sessionContext,
    parseError,
  );
  app.use(
    '/',
    a2aExpress.jsonRpcHandler({
      requestHandler: handler,
      userBuilder: a2aExpress.UserBuilder.noAuthentication,
    }),
  );

  if (process.env[PREPARE_ONLY_ENV]) {
    flushCompileCache();
    console.log(`${options.agentName}: compile cache written to ${process.env.NODE_COMPILE_CACHE}`);
    process.exit(0);
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  // Agents may take minutes; Node's default 5 minute request timeout must not cut them.
  server.requestTimeout = 0;
  if (process.env.NODE_COMPILE_CACHE) flushCompileCache();
  console.log(
    `${options.agentName}: serving A2A (POST /, /.well-known/agent-card.json) and /ping on port ${port}; card URL ${card.url} (model: ${modelSummary(process.env[MODEL_ID_ENV] ?? 'from agent.ts')})`,
  );
  return { server, port, card };
}

type Message = Record<string, unknown> & { metadata?: Record<string, unknown> };

/** The message a `message/send` or `message/stream` request carries; undefined for other methods. */
function messageOf(body: unknown): Message | undefined {
  const request = body as { method?: unknown; params?: { message?: unknown } };
  if (request?.method !== 'message/send' && request?.method !== 'message/stream') return undefined;
  const message = request.params?.message;
  return message && typeof message === 'object' ? (message as Message) : undefined;
}

/**
 * A message that names no context and no task starts a conversation: make it the
 * session's, so every turn of one AgentCore session reaches the same agent. A client
 * that names its own context keeps it.
 */
function sessionAsContext(message: Message, sessionId: string | undefined): void {
  if (!sessionId) return;
  if (message.contextId === undefined && message.taskId === undefined) {
    message.contextId = sessionId;
  }
}

/**
 * Where the trace headers of a request travel to the executor, which sees the message but
 * not the HTTP request: the message's metadata, under a key of this package's.
 */
const TRACE_METADATA_KEY = 'agentcoreMultiagentTrace';

function carryTrace(message: Message, trace: TraceHeaders | undefined): void {
  if (trace) message.metadata = { ...message.metadata, [TRACE_METADATA_KEY]: trace };
}

/**
 * Where the request's user id (AgentCore's user header) travels to the executor, likewise.
 * Only the header says who the user is: a value the caller put there itself is dropped, as
 * naming a user takes its own permission (InvokeAgentRuntimeForUser).
 */
const USER_METADATA_KEY = 'agentcoreMultiagentUser';

function carryUser(message: Message, userId: string | undefined): void {
  const { [USER_METADATA_KEY]: _claimed, ...metadata } = message.metadata ?? {};
  if (userId) message.metadata = { ...metadata, [USER_METADATA_KEY]: userId };
  else if (message.metadata) message.metadata = metadata;
}

/**
 * Runs Strands' executor in a server span that continues the caller's trace, and reports
 * on the answer's last artifact chunk what the answer took (see `AnswerReport`): the peer
 * tools and the usage meter record into the scope registered for this request.
 */
class ReportingExecutor implements AgentExecutor {
  constructor(
    private readonly inner: AgentExecutor,
    private readonly health: Health,
    private readonly agentName: string,
  ) {}

  public async execute(context: RequestContext, eventBus: ExecutionEventBus): Promise<void> {
    const trace = context.userMessage.metadata?.[TRACE_METADATA_KEY] as TraceHeaders | undefined;
    const userId = context.userMessage.metadata?.[USER_METADATA_KEY] as string | undefined;
    const scope: InvocationScope = {
      sessionId: context.contextId,
      ...(userId ? { userId } : {}),
      delegations: [],
      usage: NO_USAGE,
      ...(trace ? { trace } : {}),
    };
    A2A_REQUEST_SCOPES.set(context, scope);
    const reporting: ExecutionEventBus = {
      publish: (event) =>
        eventBus.publish(withReport(event, () => reportOf(this.agentName, scope))),
      on(name, listener) {
        eventBus.on(name, listener);
        return this;
      },
      off(name, listener) {
        eventBus.off(name, listener);
        return this;
      },
      once(name, listener) {
        eventBus.once(name, listener);
        return this;
      },
      removeAllListeners(name) {
        eventBus.removeAllListeners(name);
        return this;
      },
      finished: () => eventBus.finished(),
    };
    this.health.begin();
    const span = startInvocationSpan(
      `invoke_agent_runtime ${this.agentName}`,
      { 'gen_ai.agent.name': this.agentName, 'session.id': context.contextId },
      trace,
    );
    let failure: unknown;
    try {
      await span.run(() => this.inner.execute(context, reporting));
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      span.end(failure);
      this.health.end();
      A2A_REQUEST_SCOPES.delete(context);
    }
  }

  public cancelTask(taskId: string, eventBus: ExecutionEventBus): Promise<void> {
    return this.inner.cancelTask(taskId, eventBus);
  }
}

function withReport<E extends { kind: string }>(event: E, report: () => AnswerReport): E {
  const update = event as E & {
    kind: 'artifact-update';
    lastChunk?: boolean;
    artifact: { metadata?: Record<string, unknown> };
  };
  if (update.kind !== 'artifact-update' || !update.lastChunk) return event;
  return {
    ...update,
    artifact: {
      ...update.artifact,
      metadata: { ...update.artifact.metadata, [A2A_REPORT_KEY]: report() },
    },
  };
}
