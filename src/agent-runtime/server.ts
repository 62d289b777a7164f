import { flushCompileCache } from 'node:module';
import type { Agent } from '@strands-agents/sdk';
import type { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';
import {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PORT,
  HOST_ENV,
  MAX_SESSIONS_ENV,
  MODEL_ID_ENV,
  PORT_ENV,
  PREPARE_ONLY_ENV,
  positiveIntegerEnv,
} from './config';
import { modelSummary } from './models';
import { INVOCATION_SCOPE_KEY, type InvocationScope } from './peer-tool';
import {
  type AgentResponse,
  type Delegation,
  type InvocationPayload,
  payloadProblem,
  type StreamEvent,
} from './protocol';

/** What the server tells the agent factory about the session it builds an agent for. */
export interface AgentSession {
  /** The AgentCore session id, exactly as the caller sent it. */
  readonly sessionId: string;
}

/** How to serve one agent on the AgentCore HTTP contract. */
export interface ServeAgentOptions {
  /** The agent's name in the agent graph; every answer carries it. */
  readonly agentName: string;
  /**
   * Builds the agent of one session. Called once per new session; the agent then keeps
   * that session's conversation, so a follow-up sees the earlier turns.
   */
  readonly createAgent: (session: AgentSession) => Agent;
  /** @default PORT or 8080 (AgentCore's port) */
  readonly port?: number;
  /** @default AGENT_HOST or '0.0.0.0' (AgentCore's requirement) */
  readonly host?: string;
  /** Sessions kept in memory before the least recently used is forgotten. @default AGENT_MAX_SESSIONS or 1000 */
  readonly maxSessions?: number;
}

/** A running agent server. */
export interface ServedAgent {
  readonly app: BedrockAgentCoreApp;
  readonly port: number;
}

interface SessionState {
  readonly agent: Agent;
  /** Settles when the turn in progress ends; turns of one session run one after another. */
  tail: Promise<void>;
  busy: number;
}

/**
 * Serves an agent with `bedrock-agentcore`'s `BedrockAgentCoreApp`: `POST /invocations`
 * answers JSON ({@link AgentResponse}), or Server-Sent Events ({@link StreamEvent}) when
 * the request accepts `text/event-stream`; `GET /ping` reports health. A payload that is
 * not `{"prompt": "..."}` gets 400 with what to send instead.
 */
export async function serveAgent(options: ServeAgentOptions): Promise<ServedAgent> {
  const { BedrockAgentCoreApp } = await import('bedrock-agentcore/runtime');
  const port = options.port ?? positiveIntegerEnv(PORT_ENV, DEFAULT_PORT);
  const sessions = new SessionStore(
    options.createAgent,
    options.maxSessions ?? positiveIntegerEnv(MAX_SESSIONS_ENV, DEFAULT_MAX_SESSIONS),
  );
  // The handler sees only the body, but whether to stream depends on the Accept header:
  // the JSON parser, which sees both, remembers it per parsed body.
  const acceptOf = new WeakMap<object, string>();

  const app = new BedrockAgentCoreApp({
    invocationHandler: {
      process: (payload: unknown, context: { sessionId: string }) => {
        const { prompt } = payload as InvocationPayload;
        const accept = acceptOf.get(payload as object) ?? '';
        const turn = new Turn(options.agentName, context.sessionId, sessions);
        return accept.includes('text/event-stream') && !accept.includes('application/json')
          ? turn.stream(prompt)
          : turn.run(prompt);
      },
    },
    config: {
      logging: { enabled: false },
      contentTypeParsers: [
        {
          // JSON sent as text/plain (curl's habit) is read the same way, and refused the same way.
          contentType: ['application/json', 'text/plain'],
          parseAs: 'string',
          parser: async (request: { headers: { accept?: string } }, body: string | Buffer) => {
            const value = parsePayload(String(body));
            acceptOf.set(value, String(request.headers.accept ?? ''));
            return value;
          },
        },
      ],
    },
  });
  if (process.env[PREPARE_ONLY_ENV]) {
    flushCompileCache();
    console.log(`${options.agentName}: compile cache written to ${process.env.NODE_COMPILE_CACHE}`);
    process.exit(0);
  }
  app.run({ port, host: options.host ?? (process.env[HOST_ENV] || '0.0.0.0') });
  // With NODE_COMPILE_CACHE set (dev does), write the cache now: agents end by signal,
  // which would skip the write at exit, and the next start reads it.
  if (process.env.NODE_COMPILE_CACHE) flushCompileCache();
  console.log(
    `${options.agentName}: serving /invocations and /ping on port ${port} (model: ${modelSummary(process.env[MODEL_ID_ENV] ?? 'from agent.ts')})`,
  );
  return { app, port };
}

/** Parses and checks a payload, or throws the 400 Fastify sends back. */
function parsePayload(body: string): object {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw badRequest(
      `the payload is not valid JSON (${(error as Error).message}); send a JSON object such as {"prompt": "Summarise the news"}`,
    );
  }
  const problem = payloadProblem(value);
  if (problem) throw badRequest(problem);
  return value as object;
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'InvalidPayload' });
}

/** One session's agents, the least recently used forgotten first. */
class SessionStore {
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly create: (session: AgentSession) => Agent,
    private readonly max: number,
  ) {}

  /** Waits for the session's turn and returns its agent, with the function that ends the turn. */
  public async acquire(sessionId: string): Promise<{ agent: Agent; release: () => void }> {
    let state = this.sessions.get(sessionId);
    if (state) {
      this.sessions.delete(sessionId);
    } else {
      state = { agent: this.create({ sessionId }), tail: Promise.resolve(), busy: 0 };
    }
    this.sessions.set(sessionId, state);
    this.evict();
    const previous = state.tail;
    let release!: () => void;
    const current = state;
    current.busy++;
    state.tail = new Promise<void>((resolve) => {
      release = () => {
        current.busy--;
        resolve();
      };
    });
    await previous;
    return { agent: current.agent, release };
  }

  private evict(): void {
    for (const [id, state] of this.sessions) {
      if (this.sessions.size <= this.max) return;
      if (state.busy === 0) this.sessions.delete(id);
    }
  }
}

/** One invocation: its session, its delegations, its answer. */
class Turn {
  private readonly delegations: Delegation[] = [];

  constructor(
    private readonly agentName: string,
    private readonly sessionId: string,
    private readonly sessions: SessionStore,
  ) {}

  public async run(prompt: string): Promise<AgentResponse> {
    const { agent, release } = await this.sessions.acquire(this.sessionId);
    try {
      const result = await agent.invoke(prompt, { invocationState: this.state() });
      return this.response(result.toString());
    } catch (error) {
      throw this.failure(error);
    } finally {
      release();
    }
  }

  public async *stream(prompt: string): AsyncGenerator<{ data: StreamEvent }, void, undefined> {
    const { agent, release } = await this.sessions.acquire(this.sessionId);
    const ended: Delegation[] = [];
    const events = agent.stream(prompt, { invocationState: this.state(ended) });
    let finished = false;
    try {
      let next = await events.next();
      while (!next.done) {
        for (const delegation of ended.splice(0))
          yield { data: { type: 'delegation', delegation } };
        const event = next.value;
        if (
          event.type === 'modelStreamUpdateEvent' &&
          event.event.type === 'modelContentBlockDeltaEvent' &&
          event.event.delta.type === 'textDelta'
        ) {
          yield { data: { type: 'text', text: event.event.delta.text } };
        }
        next = await events.next();
      }
      for (const delegation of ended.splice(0)) yield { data: { type: 'delegation', delegation } };
      finished = true;
      yield { data: { type: 'result', ...this.response(next.value.toString()) } };
    } catch (error) {
      throw this.failure(error);
    } finally {
      // A caller that hangs up mid-stream leaves the agent's turn open; close it so the
      // session's next turn starts clean.
      if (!finished) await events.return(undefined as never).catch(() => undefined);
      release();
    }
  }

  private state(ended?: Delegation[]): Record<string, unknown> {
    const scope: InvocationScope = {
      sessionId: this.sessionId,
      delegations: this.delegations,
      ...(ended ? { onDelegation: (d: Delegation) => ended.push(d) } : {}),
    };
    return { [INVOCATION_SCOPE_KEY]: scope };
  }

  private response(text: string): AgentResponse {
    return {
      status: 'success',
      agent: this.agentName,
      sessionId: this.sessionId,
      response: text,
      delegations: this.delegations,
    };
  }

  private failure(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`${this.agentName} could not answer: ${message}`);
  }
}
