// A turn of an agent that keeps its sessions in AgentCore Memory against the same turn of
// an identical agent that opted out (baseline), on one machine with the offline model,
// real processes, the real AWS SDK and dev's local memory. Three kinds of turn:
//   - a follow-up in a session the process holds: memory adds the write of the turn
//     (CreateEvent) before the answer;
//   - the first turn of a new session: memory adds ListEvents (nothing to restore) and
//     the write;
//   - a turn in a session of 10 earlier turns that the process no longer holds (agents
//     keep one session here, AGENT_MAX_SESSIONS=1, so going back to one means a process
//     that never saw it): memory restores the 10 turns, the baseline starts afresh.
// Figures are printed, not asserted. Run: npx projen bench memory
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import type { AgentResponse } from '../src/agent-runtime/protocol';
import { DevSystem } from '../src/dev/system';
import { createProject } from '../test/dev/harness';

const CALLS = 100;
const WARM_UP = 10;
const EARLIER_TURNS = 10;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const session = (label: string) => `bench-memory-${label}-${'0'.repeat(40)}`.slice(0, 60);

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

async function main(): Promise<void> {
  const project = await createProject({
    name: 'bench-memory',
    region: 'us-east-1',
    memory: {},
    agents: [
      { name: 'orchestrator', role: 'orchestrator', description: 'Routes questions.' },
      { name: 'remembers', role: 'specialist', description: 'Answers questions.' },
      // Identical but for opting out of the memory.
      { name: 'forgets', role: 'specialist', description: 'Answers questions.', memory: false },
    ],
  });
  const system = await DevSystem.start({
    projectDir: project.dir,
    model: 'offline',
    watch: false,
    env: { AGENT_MAX_SESSIONS: '1' },
    log: () => undefined,
  });
  const client = new BedrockAgentCoreClient({
    region: 'us-east-1',
    endpoint: system.endpointUrl,
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const invoke = async (agent: string, prompt: string, sessionId: string) => {
    const started = performance.now();
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent(agent).arn,
        runtimeSessionId: sessionId,
        runtimeUserId: 'bench-user',
        contentType: 'application/json',
        accept: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt })),
      }),
    );
    const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    if (answer.status !== 'success') throw new Error(`${agent} failed: ${JSON.stringify(answer)}`);
    return { answer, ms: performance.now() - started };
  };

  const agents = ['remembers', 'forgets'] as const;
  const kinds = [
    {
      label: 'follow-up, session held',
      turn: async (agent: string, i: number) =>
        (await invoke(agent, `Follow-up number ${i}`, session(`held-${agent}`))).ms,
    },
    {
      label: 'first turn of a new session',
      turn: async (agent: string, i: number) =>
        (await invoke(agent, `Opening number ${i}`, session(`new-${agent}-${i}`))).ms,
    },
    {
      label: `back to a session of ${EARLIER_TURNS} turns`,
      turn: async (agent: string, i: number) => {
        const id = session(`back-${agent}-${i}`);
        for (let t = 0; t < EARLIER_TURNS; t++) await invoke(agent, `Earlier turn ${t}`, id);
        // Another session pushes this one out of the process (it keeps one).
        await invoke(agent, 'Something else', session(`other-${agent}-${i}`));
        const back = await invoke(agent, 'What did I say?', id);
        const restored = back.answer.response.includes('Earlier turn 9');
        if (restored !== (agent === 'remembers')) {
          throw new Error(`${agent} ${restored ? 'restored' : 'did not restore'} the session`);
        }
        return back.ms;
      },
    },
  ];

  try {
    const rows: string[][] = [['turn', 'with memory p50', 'p95', 'without p50', 'p95', 'ratio']];
    const ratios: string[] = [];
    for (const kind of kinds) {
      const times = { remembers: [] as number[], forgets: [] as number[] };
      const calls = kind.label.startsWith('back') ? CALLS / 5 : CALLS;
      // Interleaved, so both agents see the same machine state.
      for (let i = 0; i < WARM_UP + calls; i++) {
        for (const agent of agents) {
          const elapsed = await kind.turn(agent, i);
          if (i >= WARM_UP) times[agent].push(elapsed);
        }
      }
      const ratio = (quantile(times.remembers, 0.5) / quantile(times.forgets, 0.5)).toFixed(2);
      ratios.push(`${kind.label} ${ratio}x`);
      rows.push([
        `${kind.label} (${calls} calls)`,
        ms(quantile(times.remembers, 0.5)),
        ms(quantile(times.remembers, 0.95)),
        ms(quantile(times.forgets, 0.5)),
        ms(quantile(times.forgets, 0.95)),
        `${ratio}x`,
      ]);
    }
    console.log(
      `A turn through the local endpoint, with memory (dev's local AgentCore Memory) and without, after ${WARM_UP} warm-up turns each`,
    );
    table(rows);
    console.log(`With memory / without at p50: ${ratios.join(', ')}`);
  } finally {
    await system.close();
    await project.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
