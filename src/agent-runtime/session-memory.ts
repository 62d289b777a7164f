import type { BedrockAgentCoreClient, Event } from '@aws-sdk/client-bedrock-agentcore';
import {
  AfterInvocationEvent,
  type Agent,
  BeforeInvocationEvent,
  InvocationTrigger,
  MemoryManager,
  Message,
  TextBlock,
} from '@strands-agents/sdk';
import {
  ACTOR_NAMESPACE_TEMPLATE,
  AGENT_METADATA_KEY,
  MEMORY_ID_ENV,
  memoryActorId,
  memorySessionId,
} from './memory-contract';
import { scopeOf } from './scope';

/** How an agent uses its system's memory; generated server entries fill it from the agent graph. */
export interface AgentMemoryOptions {
  /**
   * Whether the memory has long-term strategies: then, before each turn, the actor's
   * records relevant to the prompt are retrieved and given to the model with it.
   * @default false
   */
  readonly longTerm?: boolean;
  /**
   * Whether this agent's turns feed long-term extraction. The orchestrator's do: its
   * user turns are the user's own words. A specialist's are its caller's requests, so
   * they are kept for its session only.
   * @default true
   */
  readonly extraction?: boolean;
}

/** How many long-term records are given to the model per turn. */
const RECORDS_PER_TURN = 5;

/**
 * One agent's use of AgentCore Memory, shared by all its sessions (one client).
 *
 * Built on the maintained path: `bedrock-agentcore`'s `AgentCoreMemoryStore` under
 * Strands' `MemoryManager` writes every turn as events of the session (CreateEvent, with
 * the agent's name in the event metadata) and, with long-term strategies, retrieves the
 * actor's records (RetrieveMemoryRecords) into the model's input. Neither restores a
 * conversation, so a session this process does not hold is read back here (ListEvents,
 * only this agent's events) before its first turn.
 */
export class SessionMemory {
  /**
   * The memory of this agent, or undefined when it uses none: no options (the agent opted
   * out, or its system has no memory), or no memory id in its environment (a process
   * started outside AgentCore and outside `dev`, which says so once).
   */
  public static fromEnvironment(
    agentName: string,
    options: AgentMemoryOptions | undefined,
    env: NodeJS.ProcessEnv = process.env,
  ): SessionMemory | undefined {
    if (!options) return undefined;
    const memoryId = env[MEMORY_ID_ENV];
    if (!memoryId) {
      console.log(
        `${agentName}: ${MEMORY_ID_ENV} is not set, so sessions are kept in this process only (AgentCore and "dev" set it)`,
      );
      return undefined;
    }
    return new SessionMemory(agentName, memoryId, options);
  }

  /** The AWS SDK and its client, loaded with the first turn: the agent starts without them. */
  private sdk?: Promise<{
    readonly client: BedrockAgentCoreClient;
    readonly paginateListEvents: typeof import('@aws-sdk/client-bedrock-agentcore').paginateListEvents;
  }>;

  constructor(
    private readonly agentName: string,
    public readonly memoryId: string,
    private readonly options: AgentMemoryOptions,
  ) {}

  /**
   * Gives a session's agent its memory. Before its first turn the session's earlier turns
   * are restored and the actor fixed (the user id the first turn came with); each turn is
   * written before its answer is returned, so a restart right after loses nothing. A
   * restore that fails fails the turn, and the next turn tries again; a write that fails
   * is logged and retried with the next turn's (Strands' extraction coordinator).
   */
  public attach(agent: Agent, runtimeSessionId: string): void {
    const sessionId = memorySessionId(runtimeSessionId);
    let opened: Promise<MemoryManager> | undefined;
    agent.addHook(BeforeInvocationEvent, async (event) => {
      const actorId = memoryActorId(scopeOf(event.invocationState)?.userId);
      opened ??= this.open(agent, actorId, sessionId).catch((error: unknown) => {
        opened = undefined;
        throw new Error(
          `the session could not be restored from AgentCore Memory ${this.memoryId}: ${(error as Error).message}`,
        );
      });
      await opened;
    });
    agent.addHook(AfterInvocationEvent, async () => {
      const manager = await opened?.catch(() => undefined);
      await manager?.flush();
    });
  }

  private async open(agent: Agent, actorId: string, sessionId: string): Promise<MemoryManager> {
    const [{ AgentCoreMemoryStore }, history, { client }] = await Promise.all([
      import('bedrock-agentcore/memory/strands'),
      this.history(actorId, sessionId),
      this.loadSdk(),
    ]);
    agent.messages.splice(0, agent.messages.length, ...history);
    const store = new AgentCoreMemoryStore({
      name: 'agentcore-memory',
      client,
      memoryId: this.memoryId,
      actorId,
      sessionId,
      // Every strategy's namespace is under the actor's: one query reaches them all.
      namespacePath: `${ACTOR_NAMESPACE_TEMPLATE}/`,
      writable: true,
      extraction: { trigger: new InvocationTrigger() },
      metadataProvider: () => ({ [AGENT_METADATA_KEY]: this.agentName }),
      ...(this.options.extraction === false ? { extractionMode: 'SKIP' as const } : {}),
    });
    const manager = new MemoryManager({
      stores: [store],
      searchToolConfig: false,
      injection: this.options.longTerm ? { maxEntries: RECORDS_PER_TURN } : false,
    });
    await manager.initAgent(agent);
    return manager;
  }

  /** This agent's turns of the session, oldest first, as a conversation a model accepts. */
  private async history(actorId: string, sessionId: string): Promise<Message[]> {
    const { client, paginateListEvents } = await this.loadSdk();
    const events: Event[] = [];
    const pages = paginateListEvents(
      { client, pageSize: 100 },
      {
        memoryId: this.memoryId,
        actorId,
        sessionId,
        includePayloads: true,
        filter: {
          eventMetadata: [
            {
              left: { metadataKey: AGENT_METADATA_KEY },
              operator: 'EQUALS_TO',
              right: { metadataValue: { stringValue: this.agentName } },
            },
          ],
        },
      },
    );
    for await (const page of pages) events.push(...(page.events ?? []));
    return conversationOf(events);
  }

  private loadSdk() {
    this.sdk ??= import('@aws-sdk/client-bedrock-agentcore').then((sdk) => ({
      client: new sdk.BedrockAgentCoreClient({}),
      paginateListEvents: sdk.paginateListEvents,
    }));
    return this.sdk;
  }
}

/**
 * The user and assistant turns of events as Strands messages: in time order, each role's
 * consecutive turns joined into one message, starting with the user and ending with an
 * answer, as model APIs require (an unanswered last question is left out).
 */
export function conversationOf(events: readonly Event[]): Message[] {
  const ordered = [...events].sort(
    (a, b) => (a.eventTimestamp?.getTime() ?? 0) - (b.eventTimestamp?.getTime() ?? 0),
  );
  const turns: Array<{ role: 'user' | 'assistant'; texts: string[] }> = [];
  for (const event of ordered) {
    for (const item of event.payload ?? []) {
      const text = item.conversational?.content?.text;
      const role = item.conversational?.role;
      if (!text || (role !== 'USER' && role !== 'ASSISTANT')) continue;
      const strandsRole = role === 'USER' ? 'user' : 'assistant';
      const last = turns.at(-1);
      if (last?.role === strandsRole) last.texts.push(text);
      else if (last || strandsRole === 'user') turns.push({ role: strandsRole, texts: [text] });
    }
  }
  if (turns.at(-1)?.role === 'user') turns.pop();
  return turns.map(
    (turn) =>
      new Message({ role: turn.role, content: turn.texts.map((text) => new TextBlock(text)) }),
  );
}
