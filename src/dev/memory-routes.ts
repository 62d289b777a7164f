import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CreateEventRequest,
  type ListEventsRequest,
  type LocalMemoryStore,
  MemoryRequestError,
  type Page,
  type PageRequest,
  type RetrieveRequest,
  type StoredEvent,
} from './memory-store';
import { sendServiceError } from './service-error';

/** The data-plane routes of AgentCore Memory, as `BedrockAgentCoreClient` sends them. */
export interface MemoryRoutes {
  /** Answers a request under `/memories/`; errors come back as the service sends them. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

/** The largest request body a memory operation takes; events are small. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The AgentCore Memory operations agents use, and those that show what they did, over a
 * local store: CreateEvent, GetEvent, ListEvents, ListSessions, ListActors and
 * RetrieveMemoryRecords, on their REST paths, with times in epoch seconds as the service's
 * JSON has them.
 */
export function memoryRoutes(store: LocalMemoryStore): MemoryRoutes {
  const routes: ReadonlyArray<{
    readonly method: string;
    readonly path: RegExp;
    readonly status: number;
    readonly answer: (params: string[], body: Record<string, unknown>) => unknown;
  }> = [
    {
      method: 'POST',
      path: /^\/memories\/([^/]+)\/events$/,
      status: 201,
      answer: (_, body) => ({ event: wireEvent(store.createEvent(body as CreateEventRequest)) }),
    },
    {
      method: 'GET',
      path: /^\/memories\/([^/]+)\/actor\/([^/]+)\/sessions\/([^/]+)\/events\/([^/]+)$/,
      status: 200,
      answer: ([actor, session, event]) => ({
        event: wireEvent(store.getEvent(actor, session, event)),
      }),
    },
    {
      method: 'POST',
      path: /^\/memories\/([^/]+)\/actor\/([^/]+)\/sessions\/([^/]+)$/,
      status: 200,
      answer: ([actor, session], body) =>
        page('events', store.listEvents(actor, session, body as ListEventsRequest), wireEvent),
    },
    {
      method: 'POST',
      path: /^\/memories\/([^/]+)\/actor\/([^/]+)\/sessions$/,
      status: 200,
      answer: ([actor], body) =>
        page('sessionSummaries', store.listSessions(actor, body as PageRequest), (s) => ({
          ...s,
          createdAt: seconds(s.createdAt),
        })),
    },
    {
      method: 'POST',
      path: /^\/memories\/([^/]+)\/actors$/,
      status: 200,
      answer: (_, body) => page('actorSummaries', store.listActors(body as PageRequest), (a) => a),
    },
    {
      method: 'POST',
      path: /^\/memories\/([^/]+)\/retrieve$/,
      status: 200,
      answer: (_, body) =>
        page('memoryRecordSummaries', store.retrieve(body as RetrieveRequest), (r) => ({
          ...r,
          createdAt: seconds(r.createdAt),
        })),
    },
  ];

  return {
    async handle(req, res, url) {
      try {
        const route = routes.find((r) => r.method === req.method && r.path.test(url.pathname));
        if (!route) {
          throw new MemoryRequestError(
            404,
            'UnknownOperationException',
            `${req.method} ${url.pathname} is not an AgentCore Memory operation the local endpoint serves; it serves CreateEvent, GetEvent, ListEvents, ListSessions, ListActors and RetrieveMemoryRecords`,
          );
        }
        const [memoryId, ...params] = (route.path.exec(url.pathname) ?? [])
          .slice(1)
          .map(decodeURIComponent);
        if (memoryId !== store.memoryId) {
          throw new MemoryRequestError(
            404,
            'ResourceNotFoundException',
            `Memory ${memoryId} not found; the local endpoint serves memory ${store.memoryId}`,
          );
        }
        const body = req.method === 'POST' ? await readJson(req) : {};
        const answer = route.answer(params, body);
        res.writeHead(route.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      } catch (error) {
        if (error instanceof MemoryRequestError) {
          sendServiceError(res, error.status, error.type, error.message);
        } else if (error instanceof URIError) {
          sendServiceError(
            res,
            400,
            'ValidationException',
            `the path is not valid percent-encoding`,
          );
        } else {
          throw error;
        }
      }
    },
  };
}

/** An event as the service's JSON has it: no client token, the time in epoch seconds. */
function wireEvent(event: StoredEvent): Record<string, unknown> {
  const { clientToken: _token, eventTimestamp, ...rest } = event;
  return { ...rest, eventTimestamp: seconds(eventTimestamp) };
}

function page<T>(key: string, result: Page<T>, wire: (item: T) => unknown): unknown {
  return {
    [key]: result.items.map(wire),
    ...(result.nextToken ? { nextToken: result.nextToken } : {}),
  };
}

function seconds(ms: number): number {
  return ms / 1000;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new MemoryRequestError(413, 'ValidationException', 'the request body is too large');
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MemoryRequestError(
      400,
      'SerializationException',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MemoryRequestError(400, 'SerializationException', 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
