import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
  ListEventsCommand,
  ListSessionsCommand,
  RetrieveMemoryRecordsCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_ID_ENV } from '../../src/agent-runtime/memory-contract';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { invokeAgent } from '../../src/dev/invoke';
import { devCacheDir } from '../../src/dev/state';
import { DevSystem } from '../../src/dev/system';
import type { SystemInput } from '../../src/spec/schema';
import { createProject, localClient, session, type TestProject } from './harness';

/**
 * An HTTP orchestrator delegating to an A2A researcher and an HTTP writer, which keep
 * memory, and to an HTTP critic, which opts out. Descriptions let the offline model route.
 */
const MEMORY_TEAM: SystemInput = {
  name: 'memory-team',
  region: 'us-east-1',
  memory: { longTerm: ['semantic', 'userPreference'] },
  agents: [
    {
      name: 'orchestrator',
      role: 'orchestrator',
      description: 'Answers user requests and delegates research, writing and critique.',
    },
    {
      name: 'researcher',
      role: 'specialist',
      protocol: 'A2A',
      description: 'Researches a topic in depth and reports the key facts.',
    },
    {
      name: 'writer',
      role: 'specialist',
      description: 'Composes prose: turns notes into a clear essay or poem.',
    },
    {
      name: 'critic',
      role: 'specialist',
      description: 'Critiques arguments and points out their weaknesses.',
      memory: false,
    },
  ],
};

describe('a system with memory, running locally', () => {
  let project: TestProject;
  let system: DevSystem;
  let client: BedrockAgentCoreClient;
  const output: string[] = [];

  const start = async () => {
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      log: (line) => output.push(line),
    });
    client = localClient(system.endpointUrl, { maxAttempts: 1 });
  };

  /** What each agent answered before every agent was restarted. */
  let before: Record<'told' | 'delegated' | 'critic', AgentResponse>;

  // Each session is told something, then every agent restarts (a new microVM on
  // AgentCore): what the tests below see of those sessions came back from memory.
  beforeAll(async () => {
    project = await createProject(MEMORY_TEAM);
    await start();
    before = {
      told: await ask('My name is Ada and my favourite colour is teal', session('told'), 'ada'),
      delegated: await ask(
        'Research volcanoes of Iceland, then compose a poem',
        session('delegated'),
        'ada',
      ),
      critic: await ask('Critique my arguments about taxes', session('critic'), 'ada'),
    };
    await Promise.all(system.agents.map((agent) => system.restart(agent.name)));
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
  });

  async function ask(prompt: string, sessionId: string, userId?: string): Promise<AgentResponse> {
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: sessionId,
        ...(userId ? { runtimeUserId: userId } : {}),
        contentType: 'application/json',
        accept: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt })),
      }),
    );
    return JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
  }

  it('restores a session after its agent restarts; another session stays apart', async () => {
    expect(before.told.response).not.toContain('Earlier in this session');
    const recalled = await ask('Who am I?', session('told'), 'ada');
    expect(recalled.response).toContain(
      'Earlier in this session you said: "My name is Ada and my favourite colour is teal"',
    );
    const other = await ask('Who am I?', session('other'), 'grace');
    expect(other.response).not.toContain('Ada');
  });

  it('restores each specialist’s own turns of the same session after it restarts', async () => {
    expect(before.delegated.delegations.map((d) => d.agent).sort()).toEqual([
      'researcher',
      'writer',
    ]);
    const second = await ask(
      'Research glaciers of Iceland, then compose an essay',
      session('delegated'),
      'ada',
    );
    // The A2A researcher and the HTTP writer each saw the request the orchestrator sent
    // them before their restart, and only that (not the orchestrator's own turns).
    expect(second.response).toContain(
      'researcher (offline model) received: "Research glaciers of Iceland, then compose an essay". Earlier in this session you said: "Research volcanoes of Iceland, then compose a poem".',
    );
    expect(second.response).toContain(
      'writer (offline model) received: "Research glaciers of Iceland, then compose an essay". Earlier in this session you said: "Research volcanoes of Iceland, then compose a poem".',
    );
  });

  it('keeps no memory for an agent that opts out', async () => {
    expect(before.critic.delegations.map((d) => d.agent)).toEqual(['critic']);
    const answer = await ask('Critique my arguments about tariffs', session('critic'), 'ada');
    expect(answer.delegations.map((d) => d.agent)).toEqual(['critic']);
    expect(answer.response).toContain('critic (offline model) received');
    expect(answer.response).not.toContain('Earlier in this session');
  });

  it('shows each session’s events to the real SDK: ListSessions and ListEvents', async () => {
    const memoryId = system.memoryId;
    expect(memoryId).toBe('memory_team_memory-local00000');
    const sessions = await client.send(new ListSessionsCommand({ memoryId, actorId: 'ada' }));
    expect(sessions.sessionSummaries?.map((s) => s.sessionId)).toEqual(
      expect.arrayContaining([session('told'), session('delegated'), session('critic')]),
    );
    const told = await client.send(
      new ListEventsCommand({ memoryId, actorId: 'ada', sessionId: session('told') }),
    );
    expect(
      told.events?.map((e) => [
        e.metadata?.agent?.stringValue,
        e.payload?.map((p) => [p.conversational?.role, p.conversational?.content?.text]),
      ]),
    ).toEqual([
      [
        'orchestrator',
        [
          ['USER', 'My name is Ada and my favourite colour is teal'],
          [
            'ASSISTANT',
            'orchestrator (offline model) received: "My name is Ada and my favourite colour is teal".',
          ],
        ],
      ],
      [
        'orchestrator',
        [
          ['USER', 'Who am I?'],
          ['ASSISTANT', expect.stringContaining('Who am I?')],
        ],
      ],
    ]);
    const delegated = await client.send(
      new ListEventsCommand({ memoryId, actorId: 'ada', sessionId: session('delegated') }),
    );
    expect(new Set(delegated.events?.map((e) => e.metadata?.agent?.stringValue))).toEqual(
      new Set(['orchestrator', 'researcher', 'writer']),
    );
    // The critic opted out: nothing of it anywhere.
    const critic = await client.send(
      new ListEventsCommand({ memoryId, actorId: 'ada', sessionId: session('critic') }),
    );
    expect(critic.events?.map((e) => e.metadata?.agent?.stringValue)).toEqual([
      'orchestrator',
      'orchestrator',
    ]);
  });

  it('keeps an A2A agent’s memory for the user its caller names', async () => {
    // As `invoke researcher --user lin` calls it: A2A message/send with AgentCore's user header.
    const answer = await invokeAgent({
      arn: system.agent('researcher').arn,
      endpointUrl: system.endpointUrl,
      protocol: 'A2A',
      prompt: 'Research the tides',
      sessionId: session('direct'),
      userId: 'lin',
    });
    expect(answer.response).toContain('researcher (offline model) received');
    const events = await client.send(
      new ListEventsCommand({
        memoryId: system.memoryId,
        actorId: 'lin',
        sessionId: session('direct'),
      }),
    );
    expect(events.events?.map((e) => e.metadata?.agent?.stringValue)).toEqual(['researcher']);
  });

  it('gives the model what it learned about the user in another session, and no one else', async () => {
    const mine = await ask('Which colour do I like?', session('later'), 'ada');
    expect(mine.response).toContain(
      'From long-term memory: "My name is Ada and my favourite colour is teal"',
    );
    const theirs = await ask('Which colour do I like?', session('stranger'), 'grace');
    expect(theirs.response).not.toContain('From long-term memory');
    // Records come from the user's own words (the orchestrator's turns), never a second
    // time from the requests specialists received.
    const records = await client.send(
      new RetrieveMemoryRecordsCommand({
        memoryId: system.memoryId,
        namespacePath: '/actors/ada/',
        searchCriteria: { searchQuery: 'volcanoes Iceland', topK: 100 },
      }),
    );
    expect(
      records.memoryRecordSummaries
        ?.map((r) => r.content?.text)
        .filter((text) => text?.includes('volcanoes')),
    ).toEqual(['Research volcanoes of Iceland, then compose a poem']);
  });

  it('starts an agent without AgentCore’s SDK client: its memory loads it with the first turn', async () => {
    // An agent's start as its generated entry point makes it, up to its first turn, with
    // every module the process resolves recorded.
    const script = `
      import { registerHooks } from 'node:module';
      const resolved = [];
      registerHooks({
        resolve(specifier, context, next) {
          const result = next(specifier, context);
          resolved.push(result.url);
          return result;
        },
      });
      const { serveAgent } = await import('create-agentcore-multiagent/agent-runtime');
      const { server } = await serveAgent({
        agentName: 'orchestrator',
        createAgent: () => {
          throw new Error('no turn is taken here');
        },
        memory: { longTerm: true },
        port: 0,
        host: '127.0.0.1',
      });
      server.close();
      console.log(JSON.stringify(resolved));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: project.dir,
        env: { ...process.env, [MEMORY_ID_ENV]: 'memory_team_memory-local00000' },
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toContain('orchestrator: serving /invocations');
    // Without the memory's id the agent would say it keeps sessions in its process only.
    expect(stdout).not.toContain(`${MEMORY_ID_ENV} is not set`);
    const resolved = JSON.parse(lines.at(-1) ?? '') as string[];
    expect(resolved.some((url) => url.includes('/create-agentcore-multiagent/'))).toBe(true);
    // Strands loads Bedrock's own client; AgentCore's waits for the first turn.
    expect(
      resolved.filter((url) => /client-bedrock-agentcore|\/bedrock-agentcore\//.test(url)),
    ).toEqual([]);
  });

  it('keeps memory when dev itself restarts', async () => {
    expect(existsSync(join(devCacheDir(project.dir), 'memory', system.memoryId ?? ''))).toBe(true);
    await system.close();
    await start();
    const answer = await ask('Who am I now?', session('told'), 'ada');
    expect(answer.response).toContain(
      'Earlier in this session you said: "My name is Ada and my favourite colour is teal"; "Who am I?"',
    );
  });
});
