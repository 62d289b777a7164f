import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BedrockAgentCoreClient,
  CreateEventCommand,
  GetEventCommand,
  ListActorsCommand,
  ListEventsCommand,
  ListSessionsCommand,
  paginateListEvents,
  ResourceNotFoundException,
  RetrieveMemoryRecordsCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDataPlane } from '../../src/dev/endpoint';
import { memoryRoutes } from '../../src/dev/memory-routes';
import { LocalMemoryStore } from '../../src/dev/memory-store';
import { localClient } from './harness';

const MEMORY_ID = 'team_memory-local00000';

/** A turn as CreateEvent carries it. */
const turn = (role: 'USER' | 'ASSISTANT', text: string) => ({
  conversational: { role, content: { text } },
});

describe('the local AgentCore Memory, through the real SDK', () => {
  let dir: string;
  let endpoint: LocalDataPlane;
  let url: string;
  let client: BedrockAgentCoreClient;

  const open = (longTerm: Array<'semantic' | 'userPreference'> = ['semantic']) =>
    new LocalMemoryStore({ memoryId: MEMORY_ID, directory: dir, expiryDays: 30, longTerm });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-memory-'));
    endpoint = new LocalDataPlane({ memory: memoryRoutes(open()) });
    url = await endpoint.listen();
    client = localClient(url, { maxAttempts: 1 });
  });

  afterAll(async () => {
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (sessionId: string, text: string, extra: Record<string, unknown> = {}) =>
    client.send(
      new CreateEventCommand({
        memoryId: MEMORY_ID,
        actorId: 'ada',
        sessionId,
        eventTimestamp: new Date(),
        payload: [turn('USER', text), turn('ASSISTANT', `You said: ${text}`)],
        ...extra,
      }),
    );

  it('keeps events per session, with metadata, and lists them as the service does', async () => {
    const first = await create('s1', 'My favourite colour is teal', {
      metadata: { agent: { stringValue: 'orchestrator' } },
    });
    expect(first.event?.eventId).toMatch(/^\d+#[0-9a-f]+$/);
    expect(first.event?.eventTimestamp).toBeInstanceOf(Date);
    await create('s1', 'Research volcanoes', {
      metadata: { agent: { stringValue: 'researcher' } },
    });
    await create('s2', 'Something else entirely');

    const listed = await client.send(
      new ListEventsCommand({ memoryId: MEMORY_ID, actorId: 'ada', sessionId: 's1' }),
    );
    expect(listed.events?.map((e) => e.payload?.[0].conversational?.content?.text)).toEqual([
      'My favourite colour is teal',
      'Research volcanoes',
    ]);
    const researcher = await client.send(
      new ListEventsCommand({
        memoryId: MEMORY_ID,
        actorId: 'ada',
        sessionId: 's1',
        filter: {
          eventMetadata: [
            {
              left: { metadataKey: 'agent' },
              operator: 'EQUALS_TO',
              right: { metadataValue: { stringValue: 'researcher' } },
            },
          ],
        },
      }),
    );
    expect(researcher.events?.map((e) => e.metadata?.agent?.stringValue)).toEqual(['researcher']);

    const got = await client.send(
      new GetEventCommand({
        memoryId: MEMORY_ID,
        actorId: 'ada',
        sessionId: 's1',
        eventId: first.event?.eventId,
      }),
    );
    expect(got.event?.payload).toEqual(first.event?.payload);

    const sessions = await client.send(
      new ListSessionsCommand({ memoryId: MEMORY_ID, actorId: 'ada' }),
    );
    expect(sessions.sessionSummaries?.map((s) => s.sessionId)).toEqual(['s1', 's2']);
    const actors = await client.send(new ListActorsCommand({ memoryId: MEMORY_ID }));
    expect(actors.actorSummaries).toEqual([{ actorId: 'ada' }]);
  });

  it('pages through events with the SDK’s paginator', async () => {
    for (let i = 0; i < 5; i++) await create('paged', `Statement number ${i}`);
    const texts: string[] = [];
    for await (const page of paginateListEvents(
      { client, pageSize: 2 },
      { memoryId: MEMORY_ID, actorId: 'ada', sessionId: 'paged' },
    )) {
      expect(page.events?.length).toBeLessThanOrEqual(2);
      texts.push(
        ...(page.events ?? []).map((e) => e.payload?.[0].conversational?.content?.text ?? ''),
      );
    }
    expect(texts).toEqual([0, 1, 2, 3, 4].map((i) => `Statement number ${i}`));
  });

  it('stores an event once per client token, as the service does', async () => {
    const a = await create('tokens', 'Only once', { clientToken: 'token-1' });
    const b = await create('tokens', 'Only once', { clientToken: 'token-1' });
    expect(b.event?.eventId).toBe(a.event?.eventId);
    const listed = await client.send(
      new ListEventsCommand({ memoryId: MEMORY_ID, actorId: 'ada', sessionId: 'tokens' }),
    );
    expect(listed.events).toHaveLength(1);
  });

  it('retrieves the user’s statements by shared words, under the actor’s namespace only', async () => {
    const retrieve = (searchQuery: string, actor = 'ada') =>
      client.send(
        new RetrieveMemoryRecordsCommand({
          memoryId: MEMORY_ID,
          namespacePath: `/actors/${actor}/`,
          searchCriteria: { searchQuery },
        }),
      );
    const found = await retrieve('Which colour do I like?');
    expect(found.memoryRecordSummaries?.map((r) => r.content?.text)).toEqual([
      'My favourite colour is teal',
    ]);
    expect(found.memoryRecordSummaries?.[0].namespaces).toEqual(['/actors/ada/facts']);
    // "colour" of "colour" and "like": half the query's words.
    expect(found.memoryRecordSummaries?.[0].score).toBe(0.5);
    // Only the user's words become records, never the assistant's.
    expect((await retrieve('said')).memoryRecordSummaries).toEqual([]);
    expect((await retrieve('colour', 'grace')).memoryRecordSummaries).toEqual([]);
    // An event that skips extraction leaves no record.
    await create('skip', 'My favourite planet is Neptune', { extractionMode: 'SKIP' });
    expect((await retrieve('Neptune planet')).memoryRecordSummaries).toEqual([]);
  });

  it('answers errors the way the service does, so the SDK raises its own exceptions', async () => {
    const unknown = await client
      .send(
        new ListEventsCommand({
          memoryId: 'other_memory-abcdefghij',
          actorId: 'ada',
          sessionId: 's1',
        }),
      )
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect((unknown as Error).message).toContain(`serves memory ${MEMORY_ID}`);

    const badSession = await client
      .send(
        new CreateEventCommand({
          memoryId: MEMORY_ID,
          actorId: 'ada',
          sessionId: 'not a session id!',
          eventTimestamp: new Date(),
          payload: [turn('USER', 'x')],
        }),
      )
      .catch((e: unknown) => e);
    expect(badSession).toBeInstanceOf(ValidationException);
    expect((badSession as Error).message).toContain('sessionId');

    const badPage = await client
      .send(
        new ListEventsCommand({
          memoryId: MEMORY_ID,
          actorId: 'ada',
          sessionId: 's1',
          maxResults: 500,
        }),
      )
      .catch((e: unknown) => e);
    expect(badPage).toBeInstanceOf(ValidationException);
  });

  it('keeps everything in files, so a new store (a new dev) sees it all', async () => {
    const lines = (await readFile(join(dir, MEMORY_ID, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    const again = open();
    expect(again.listSessions('ada', {}).items.map((s) => s.sessionId)).toContain('s1');
    expect(
      again.retrieve({
        namespacePath: '/actors/ada/',
        searchCriteria: { searchQuery: 'colour teal' },
      }).items[0].content.text,
    ).toBe('My favourite colour is teal');
  });

  it('refuses a web page and a foreign host before any memory is read', async () => {
    const port = Number(new URL(url).port);
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/memories/${MEMORY_ID}/actor/ada/sessions`,
            headers,
            setHost: headers.host === undefined,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await status({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'https://evil.example' })).toBe(403);
    expect(await status({ host: `rebound.example:${port}` })).toBe(421);
  });
});
