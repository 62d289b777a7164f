import type { Server } from 'node:http';
import { flushCompileCache } from 'node:module';
import type { Agent } from '@strands-agents/sdk';
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
import { listenForInvocations } from './invocation-server';
import { modelSummary } from './model-provider';
import type { AgentResponse, Delegation, StreamEvent } from './protocol';
import { INVOCATION_SCOPE_KEY, type InvocationScope, reportOf } from './scope';
import { type AgentMemoryOptions, SessionMemory } from './session-memory';
import { startTelemetry } from './telemetry';
import { startInvocationSpan, type TraceHeaders } from './trace-context';
import { NO_USAGE } from './usage';
import { meterModelUsage } from './usage-meter';

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
  /**
   * How the agent uses its system's AgentCore Memory (id in `BEDROCK_AGENTCORE_MEMORY_ID`):
   * its sessions outlive the process, and with long-term strategies the model is given
   * what the memory learned about the user.
   * @default - no memory: a session lives as long as the process holds it
   */
  readonly memory?: AgentMemoryOptions;
}

/** A running agent server. */
export interface ServedAgent {
  readonly server: Server;
  readonly port: number;
}

interface SessionState {
  readonly agent: Agent;
  /** Settles when the turn in progress ends; turns of one session run one after another. */
  tail: Promise<void>;
  busy: number;
}

/**
 * Serves an agent on AgentCore's HTTP contract (see `listenForInvocations`):
 * `POST /invocations` answers JSON ({@link AgentResponse}), or Server-Sent Events
 * ({@link StreamEvent}) when the request accepts `text/event-stream`; `GET /ping` reports
 * health. A payload that is not `{"prompt": "..."}` gets 400 with what to send instead.
 */
export async function serveAgent(options: ServeAgentOptions): Promise<ServedAgent> {
  await startTelemetry(options.agentName);
  const port = options.port ?? positiveIntegerEnv(PORT_ENV, DEFAULT_PORT);
  const host = options.host ?? (process.env[HOST_ENV] || '0.0.0.0');
  const memory = SessionMemory.fromEnvironment(options.agentName, options.memory);
  const sessions = new SessionStore((session) => {
    const agent = options.createAgent(session);
    memory?.attach(agent, session.sessionId);
    return agent;
  }, options.maxSessions ?? positiveIntegerEnv(MAX_SESSIONS_ENV, DEFAULT_MAX_SESSIONS));
  if (process.env[PREPARE_ONLY_ENV]) {
    flushCompileCache();
    console.log(`${options.agentName}: compile cache written to ${process.env.NODE_COMPILE_CACHE}`);
    process.exit(0);
  }
  const server = await listenForInvocations({
    port,
    host,
    handle: ({ payload, sessionId, stream, trace, userId }) => {
      const turn = new Turn(options.agentName, sessionId, sessions, { trace, userId });
      return stream ? turn.stream(payload.prompt) : turn.run(payload.prompt);
    },
  });
  // With NODE_COMPILE_CACHE set (dev does), write the cache now: agents end by signal,
  // which would skip the write at exit, and the next start reads it.
  if (process.env.NODE_COMPILE_CACHE) flushCompileCache();
  console.log(
    `${options.agentName}: serving /invocations and /ping on port ${port} (model: ${modelSummary(process.env[MODEL_ID_ENV] ?? 'from agent.ts')})`,
  );
  return { server, port };
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
      const agent = this.create({ sessionId });
      meterModelUsage(agent);
      state = { agent, tail: Promise.resolve(), busy: 0 };
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

/** One invocation: its session, its delegations, its usage, its span, its answer. */
class Turn {
  private readonly scope: InvocationScope;
  /** Delegations that ended since the stream last looked. */
  private readonly ended: Delegation[] = [];

  constructor(
    private readonly agentName: string,
    private readonly sessionId: string,
    private readonly sessions: SessionStore,
    { trace, userId }: { trace?: TraceHeaders; userId?: string },
  ) {
    this.scope = {
      sessionId,
      ...(userId ? { userId } : {}),
      delegations: [],
      onDelegation: (delegation) => this.ended.push(delegation),
      usage: NO_USAGE,
      ...(trace ? { trace } : {}),
    };
  }

  public async run(prompt: string): Promise<AgentResponse> {
    const { agent, release } = await this.sessions.acquire(this.sessionId);
    const span = this.span();
    try {
      const result = await span.run(() => agent.invoke(prompt, { invocationState: this.state() }));
      span.end();
      return this.response(result.toString());
    } catch (error) {
      span.end(error);
      throw this.failure(error);
    } finally {
      release();
    }
  }

  public async *stream(prompt: string): AsyncGenerator<{ data: StreamEvent }, void, undefined> {
    const { agent, release } = await this.sessions.acquire(this.sessionId);
    const ended = this.ended;
    const span = this.span();
    const events = span.run(() => agent.stream(prompt, { invocationState: this.state() }));
    let finished = false;
    let failure: unknown;
    try {
      let next = await span.run(() => events.next());
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
        next = await span.run(() => events.next());
      }
      for (const delegation of ended.splice(0)) yield { data: { type: 'delegation', delegation } };
      finished = true;
      yield { data: { type: 'result', ...this.response(next.value.toString()) } };
    } catch (error) {
      failure = error;
      throw this.failure(error);
    } finally {
      // A caller that hangs up mid-stream leaves the agent's turn open; close it so the
      // session's next turn starts clean.
      if (!finished) await events.return(undefined as never).catch(() => undefined);
      span.end(failure);
      release();
    }
  }

  private span() {
    return startInvocationSpan(
      `invoke_agent_runtime ${this.agentName}`,
      { 'gen_ai.agent.name': this.agentName, 'session.id': this.sessionId },
      this.scope.trace,
    );
  }

  private state(): Record<string, unknown> {
    return { [INVOCATION_SCOPE_KEY]: this.scope };
  }

  private response(text: string): AgentResponse {
    return {
      status: 'success',
      sessionId: this.sessionId,
      response: text,
      ...reportOf(this.agentName, this.scope),
    };
  }

  private failure(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`${this.agentName} could not answer: ${message}`);
  }
}
