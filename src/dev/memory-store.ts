import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stems } from '../agent-runtime/offline-plan';
import { LONG_TERM_STRATEGY_NAMES, localMemoryId, resolveNamespace } from '../graph/memory-names';
import type { LongTermStrategy, SystemSpec } from '../spec/schema';
import { devCacheDir } from './state';

/**
 * The local memory of a system that has one, under the project's cache folder, so that it
 * outlives every agent and `dev` itself; undefined for a system without memory.
 */
export function openLocalMemory(
  projectDir: string,
  spec: SystemSpec,
): LocalMemoryStore | undefined {
  if (!spec.memory) return undefined;
  return new LocalMemoryStore({
    memoryId: localMemoryId(spec.name),
    directory: join(devCacheDir(projectDir), 'memory'),
    expiryDays: spec.memory.expiryDays,
    longTerm: spec.memory.longTerm,
  });
}

/**
 * A local stand-in for one AgentCore Memory: the events of every actor's sessions, and
 * long-term records, kept in files so they outlive the agents and `dev` itself. Events
 * behave as the service's do (ids, idempotency tokens, metadata filters, expiry).
 *
 * Long-term extraction is not the service's: AgentCore extracts facts, preferences and
 * summaries with a model. Here each statement of the user (a USER turn of an event that
 * does not skip extraction) is kept whole as one record under every configured strategy's
 * namespace, and retrieval ranks records by the words they share with the query. It shows
 * the flow offline; it is not what the service would extract.
 */
export class LocalMemoryStore {
  private readonly events: StoredEvent[] = [];
  private readonly records: StoredRecord[] = [];
  private readonly eventsFile: string;
  private readonly recordsFile: string;

  /** Opens the memory's files under `directory`, creating them on the first write. */
  constructor(private readonly options: LocalMemoryOptions) {
    const dir = join(options.directory, options.memoryId);
    this.eventsFile = join(dir, 'events.jsonl');
    this.recordsFile = join(dir, 'records.jsonl');
    this.events.push(...readLines<StoredEvent>(this.eventsFile));
    this.records.push(...readLines<StoredRecord>(this.recordsFile));
  }

  public get memoryId(): string {
    return this.options.memoryId;
  }

  /** CreateEvent: stores the event (once per client token) and the stand-in's records. */
  public createEvent(input: CreateEventRequest): StoredEvent {
    checkId('actorId', input.actorId, ACTOR_ID);
    checkId('sessionId', input.sessionId, SESSION_ID);
    if (!Array.isArray(input.payload) || input.payload.length === 0 || input.payload.length > 100) {
      throw invalid('payload must hold 1 to 100 items');
    }
    if (typeof input.eventTimestamp !== 'number' || !Number.isFinite(input.eventTimestamp)) {
      throw invalid('eventTimestamp is required');
    }
    for (const [key, value] of Object.entries(input.metadata ?? {})) {
      if (typeof value?.stringValue !== 'string' || !METADATA_VALUE.test(value.stringValue)) {
        throw invalid(
          `metadata value of "${key}" must be a stringValue of letters, digits, whitespace and ._:/=+@-`,
        );
      }
    }
    if (input.clientToken) {
      const earlier = this.events.find((e) => e.clientToken === input.clientToken);
      if (earlier) return earlier;
    }
    const timestamp = Math.round(input.eventTimestamp * 1000);
    const event: StoredEvent = {
      memoryId: this.memoryId,
      actorId: input.actorId,
      sessionId: input.sessionId,
      eventId: `${timestamp}#${randomBytes(8).toString('hex')}`,
      eventTimestamp: timestamp,
      payload: input.payload,
      ...(input.branch ? { branch: input.branch } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.clientToken ? { clientToken: input.clientToken } : {}),
    };
    this.append(this.eventsFile, event);
    this.events.push(event);
    if (input.extractionMode !== 'SKIP') this.extract(event);
    return event;
  }

  /** GetEvent. */
  public getEvent(actorId: string, sessionId: string, eventId: string): StoredEvent {
    const event = this.live().find(
      (e) => e.actorId === actorId && e.sessionId === sessionId && e.eventId === eventId,
    );
    if (!event) {
      throw new MemoryRequestError(
        404,
        'ResourceNotFoundException',
        `Event ${eventId} not found in session ${sessionId} of actor ${actorId}`,
      );
    }
    return event;
  }

  /** ListEvents: a session's events, oldest first, filtered by branch name and metadata. */
  public listEvents(
    actorId: string,
    sessionId: string,
    request: ListEventsRequest,
  ): Page<StoredEvent> {
    const matches = this.live().filter(
      (e) =>
        e.actorId === actorId &&
        e.sessionId === sessionId &&
        (request.filter?.branch?.name === undefined ||
          e.branch?.name === request.filter.branch.name) &&
        (request.filter?.eventMetadata ?? []).every((condition) => meets(e, condition)),
    );
    const page = paginate(matches, request);
    if (request.includePayloads === false) {
      return {
        ...page,
        items: page.items.map(({ payload: _payload, ...e }) => ({ ...e, payload: [] })),
      };
    }
    return page;
  }

  /** ListSessions: an actor's sessions in the order they began. */
  public listSessions(actorId: string, request: PageRequest): Page<SessionSummary> {
    const sessions = new Map<string, SessionSummary>();
    for (const event of this.live()) {
      if (event.actorId !== actorId || sessions.has(event.sessionId)) continue;
      sessions.set(event.sessionId, {
        sessionId: event.sessionId,
        actorId,
        createdAt: event.eventTimestamp,
      });
    }
    return paginate([...sessions.values()], request);
  }

  /** ListActors: every actor with events, in the order they first appeared. */
  public listActors(request: PageRequest): Page<{ actorId: string }> {
    const actors = [...new Set(this.live().map((e) => e.actorId))];
    return paginate(
      actors.map((actorId) => ({ actorId })),
      request,
    );
  }

  /**
   * RetrieveMemoryRecords: records under `namespace` (exact) or `namespacePath` (that
   * path and below), ranked by the share of the query's words they contain; records that
   * share none are not relevant.
   */
  public retrieve(request: RetrieveRequest): Page<RetrievedRecord> {
    const query = request.searchCriteria?.searchQuery;
    if (typeof query !== 'string' || query.length === 0) {
      throw invalid('searchCriteria.searchQuery is required');
    }
    const { namespace, namespacePath } = request;
    if ((namespace === undefined) === (namespacePath === undefined)) {
      throw invalid('give either namespace or namespacePath');
    }
    const under = (ns: string) =>
      namespace !== undefined
        ? trimSlash(ns) === trimSlash(namespace)
        : `${trimSlash(ns)}/`.startsWith(`${trimSlash(namespacePath ?? '')}/`);
    const wanted = stems(query);
    const strategy = request.searchCriteria?.memoryStrategyId;
    const topK = request.searchCriteria?.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 1 || topK > 100) throw invalid('topK must be 1 to 100');
    const ranked = this.records
      .filter((r) => r.namespaces.some(under) && (!strategy || r.memoryStrategyId === strategy))
      .map((record) => {
        const words = stems(record.content.text);
        const shared = [...wanted].filter((w) => words.has(w)).length;
        return { record, score: wanted.size === 0 ? 0 : shared / wanted.size };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || b.record.createdAt - a.record.createdAt)
      .slice(0, topK)
      .map(({ record, score }) => ({ ...record, score }));
    return paginate(ranked, request);
  }

  /** The stand-in for extraction: each USER statement kept whole, under every strategy. */
  private extract(event: StoredEvent): void {
    if (this.options.longTerm.length === 0) return;
    const namespaces = this.options.longTerm.map((s) =>
      resolveNamespace(LONG_TERM_STRATEGY_NAMES[s].namespace, event.actorId, event.sessionId),
    );
    for (const item of event.payload) {
      const turn = (item as { conversational?: { role?: string; content?: { text?: string } } })
        .conversational;
      const text = turn?.content?.text?.trim();
      if (turn?.role !== 'USER' || !text) continue;
      const record: StoredRecord = {
        memoryRecordId: `mem-${randomBytes(18).toString('hex')}`,
        content: { text },
        memoryStrategyId: `${LONG_TERM_STRATEGY_NAMES[this.options.longTerm[0]].name}-local`,
        namespaces,
        createdAt: event.eventTimestamp,
      };
      this.append(this.recordsFile, record);
      this.records.push(record);
    }
  }

  /** Events not yet expired. */
  private live(): StoredEvent[] {
    const oldest = Date.now() - this.options.expiryDays * 24 * 60 * 60 * 1000;
    return this.events.filter((e) => e.eventTimestamp >= oldest);
  }

  private append(file: string, value: unknown): void {
    mkdirSync(join(file, '..'), { recursive: true });
    appendFileSync(file, `${JSON.stringify(value)}\n`);
  }
}

/** Where a local memory lives and how it behaves. */
export interface LocalMemoryOptions {
  /** The id the agents and the SDK use (see `localMemoryId`). */
  readonly memoryId: string;
  /** The folder under which the memory keeps its files, one folder per memory id. */
  readonly directory: string;
  /** Days an event is kept, as the deployed memory's `EventExpiryDuration`. */
  readonly expiryDays: number;
  /** The long-term strategies the deployed memory has; none: no records. */
  readonly longTerm: readonly LongTermStrategy[];
}

/** A failure the service would answer with: its status, its error type, its message. */
export class MemoryRequestError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** An event as kept, times in epoch milliseconds. */
export interface StoredEvent {
  readonly memoryId: string;
  readonly actorId: string;
  readonly sessionId: string;
  readonly eventId: string;
  readonly eventTimestamp: number;
  readonly payload: readonly unknown[];
  readonly branch?: { readonly name?: string; readonly rootEventId?: string };
  readonly metadata?: Readonly<Record<string, { readonly stringValue?: string }>>;
  readonly clientToken?: string;
}

interface StoredRecord {
  readonly memoryRecordId: string;
  readonly content: { readonly text: string };
  readonly memoryStrategyId: string;
  readonly namespaces: readonly string[];
  readonly createdAt: number;
}

/** A record as retrieved: with its relevance, from 0 to 1. */
export type RetrievedRecord = StoredRecord & { readonly score: number };

export interface SessionSummary {
  readonly sessionId: string;
  readonly actorId: string;
  readonly createdAt: number;
}

/** The body of CreateEvent, times in epoch seconds as the SDK sends them. */
export interface CreateEventRequest {
  readonly actorId?: unknown;
  readonly sessionId?: unknown;
  readonly eventTimestamp?: unknown;
  readonly payload?: unknown;
  readonly branch?: StoredEvent['branch'];
  readonly clientToken?: string;
  readonly metadata?: StoredEvent['metadata'];
  readonly extractionMode?: string;
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

interface MetadataCondition {
  readonly left?: { readonly metadataKey?: string };
  readonly operator?: string;
  readonly right?: { readonly metadataValue?: { readonly stringValue?: string } };
}

export interface ListEventsRequest extends PageRequest {
  readonly includePayloads?: boolean;
  readonly filter?: {
    readonly branch?: { readonly name?: string };
    readonly eventMetadata?: readonly MetadataCondition[];
  };
}

export interface RetrieveRequest extends PageRequest {
  readonly namespace?: string;
  readonly namespacePath?: string;
  readonly searchCriteria?: {
    readonly searchQuery?: string;
    readonly memoryStrategyId?: string;
    readonly topK?: number;
  };
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** The service's patterns for actor and session ids. */
const ACTOR_ID = /^[a-zA-Z0-9][a-zA-Z0-9\-_/]*(?::[a-zA-Z0-9\-_/]+)*[a-zA-Z0-9\-_/]*$/;
const SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/;
const METADATA_VALUE = /^[a-zA-Z0-9\s._:/=+@-]*$/;

function checkId(field: string, value: unknown, pattern: RegExp): asserts value is string {
  const max = field === 'actorId' ? 255 : 100;
  if (typeof value !== 'string' || value.length > max || !pattern.test(value)) {
    throw invalid(
      `${field} ${JSON.stringify(value)} must have 1 to ${max} characters matching ${pattern.source}`,
    );
  }
}

function meets(event: StoredEvent, condition: MetadataCondition): boolean {
  const key = condition.left?.metadataKey ?? '';
  const value = event.metadata?.[key]?.stringValue;
  switch (condition.operator) {
    case 'EXISTS':
      return value !== undefined;
    case 'NOT_EXISTS':
      return value === undefined;
    case 'EQUALS_TO':
      return value !== undefined && value === condition.right?.metadataValue?.stringValue;
    default:
      throw invalid(
        `eventMetadata operator ${JSON.stringify(condition.operator)} is not EQUALS_TO, EXISTS or NOT_EXISTS`,
      );
  }
}

/** One page, and the token of the next (an offset, opaque to callers). */
function paginate<T>(items: T[], request: PageRequest): Page<T> {
  const size = request.maxResults ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw invalid('maxResults must be 1 to 100');
  }
  const start = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url')) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw invalid('nextToken is not one this service gave');
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

function trimSlash(namespace: string): string {
  return namespace.replace(/\/+$/, '');
}

function invalid(message: string): MemoryRequestError {
  return new MemoryRequestError(400, 'ValidationException', message);
}

function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as T];
      } catch {
        // A line cut short (dev killed mid-write) is skipped; every other line still counts.
        return [];
      }
    });
}
