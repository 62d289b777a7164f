import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockAgentCoreClient, ListEventsCommand } from '@aws-sdk/client-bedrock-agentcore';
import { Agent } from '@strands-agents/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_ID_ENV, memorySessionId } from '../../src/agent-runtime/memory-contract';
import { OfflineModel } from '../../src/agent-runtime/offline-model';
import { INVOCATION_SCOPE_KEY } from '../../src/agent-runtime/scope';
import { SessionMemory } from '../../src/agent-runtime/session-memory';
import { NO_USAGE } from '../../src/agent-runtime/usage';
import { LocalDataPlane } from '../../src/dev/endpoint';
import { memoryRoutes } from '../../src/dev/memory-routes';
import { LocalMemoryStore } from '../../src/dev/memory-store';

const MEMORY_ID = 'team_memory-local00000';
/** A runtime session id as AgentCore allows it, which Memory would refuse as it is. */
const SESSION = 'Session:of/Ada-0123456789-0123456789-0123456789';

/**
 * The agents' side of memory, in one process: a Strands agent with the runtime's
 * `SessionMemory`, its AWS SDK client pointed at dev's local endpoint by the variable
 * AgentCore-bound code reads. A "restart" is what a new process does: a new
 * `SessionMemory` and a new agent for a session it has never held.
 */
describe('an agent’s session memory against the local endpoint', () => {
  let dir: string;
  let store: LocalMemoryStore;
  let endpoint: LocalDataPlane;
  let port: number;
  let sdk: BedrockAgentCoreClient;
  const saved = { ...process.env };

  const serve = async (at = 0) => {
    endpoint = new LocalDataPlane({ memory: memoryRoutes(store) });
    const url = await endpoint.listen(at);
    port = Number(new URL(url).port);
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE = url;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-memory-'));
    store = new LocalMemoryStore({
      memoryId: MEMORY_ID,
      directory: dir,
      expiryDays: 30,
      longTerm: [],
    });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    await serve();
    sdk = new BedrockAgentCoreClient({ maxAttempts: 1 });
  });

  afterAll(async () => {
    await endpoint?.close();
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  /** A new process's agent for a session: its own memory client, nothing held. */
  function startAgent(name: string, session = SESSION): Agent {
    const memory = SessionMemory.fromEnvironment(name, {}, { [MEMORY_ID_ENV]: MEMORY_ID });
    const agent = new Agent({ model: new OfflineModel({ agentName: name }), printer: false });
    memory?.attach(agent, session);
    return agent;
  }

  async function ask(agent: Agent, prompt: string, userId?: string): Promise<string> {
    const scope = { sessionId: SESSION, delegations: [], usage: NO_USAGE, userId };
    const result = await agent.invoke(prompt, {
      invocationState: { [INVOCATION_SCOPE_KEY]: scope },
    });
    return result.toString();
  }

  const events = async (actorId: string, session = SESSION) =>
    (
      await sdk.send(
        new ListEventsCommand({
          memoryId: MEMORY_ID,
          actorId,
          sessionId: memorySessionId(session),
        }),
      )
    ).events ?? [];

  it('writes each turn before answering: an event of the session, the user its actor', async () => {
    const agent = startAgent('orchestrator');
    await ask(agent, 'My name is Ada', 'ada');
    await ask(agent, 'I live in London', 'ada');
    expect(
      (await events('ada')).map((e) => [
        e.metadata?.agent?.stringValue,
        e.payload?.map((p) => [p.conversational?.role, p.conversational?.content?.text]),
      ]),
    ).toEqual([
      [
        'orchestrator',
        [
          ['USER', 'My name is Ada'],
          ['ASSISTANT', 'orchestrator (offline model) received: "My name is Ada".'],
        ],
      ],
      [
        'orchestrator',
        [
          ['USER', 'I live in London'],
          ['ASSISTANT', expect.stringContaining('received: "I live in London"')],
        ],
      ],
    ]);
    expect(await events('default-user')).toEqual([]);
  });

  it('restores the session in a new process before the model runs, for that agent only', async () => {
    const restarted = startAgent('orchestrator');
    expect(await ask(restarted, 'Who am I?', 'ada')).toBe(
      'orchestrator (offline model) received: "Who am I?". Earlier in this session you said: "My name is Ada"; "I live in London".',
    );
    // Another agent of the same session (a specialist reached by delegation) has its own.
    expect(await ask(startAgent('researcher'), 'Who am I?', 'ada')).toBe(
      'researcher (offline model) received: "Who am I?".',
    );
    // The same session of another user is another actor's, and empty.
    expect(await ask(startAgent('orchestrator'), 'Who am I?', 'grace')).not.toContain('Earlier');
    expect(
      await ask(startAgent('orchestrator', `${SESSION}-other`), 'Who am I?', 'ada'),
    ).not.toContain('Earlier');
  });

  it('fails a turn whose session cannot be restored, naming the memory; the next turn retries', async () => {
    const agent = startAgent('orchestrator');
    await endpoint.close();
    const failed = await ask(agent, 'Where do I live?', 'ada').catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toContain(
      `the session could not be restored from AgentCore Memory ${MEMORY_ID}`,
    );
    await serve(port);
    expect(await ask(agent, 'Where do I live?', 'ada')).toContain(
      'Earlier in this session you said: "My name is Ada"; "I live in London"; "Who am I?".',
    );
  });
});
