// A delegated call to an A2A specialist against the same call to an HTTP specialist
// (baseline), on one machine with the offline model, real processes and the real AWS SDK:
// an HTTP orchestrator is invoked through the local AgentCore endpoint and delegates to
// one of two specialists that differ only in protocol. Printed per protocol: the whole
// invocation as the user sees it, and the delegated hop alone as the orchestrator timed
// it (for A2A: A2A client, SigV4, endpoint, Strands' A2A executor; for HTTP:
// InvokeAgentRuntime, endpoint, the AgentCore HTTP app). Figures are printed, not
// asserted. Run: npx projen bench a2a
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import type { AgentResponse } from '../src/agent-runtime/protocol';
import { DevSystem } from '../src/dev/system';
import { AGENT_LAYOUT } from '../src/layout';
import { createProject } from '../test/dev/harness';

const CALLS = 200;
const WARM_UP = 10;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const session = (i: number | string) => `bench-a2a-${i}-${'0'.repeat(40)}`.slice(0, 48);

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

async function main(): Promise<void> {
  const project = await createProject({
    name: 'bench-a2a',
    region: 'us-east-1',
    agents: [
      {
        name: 'orchestrator',
        role: 'orchestrator',
        description: 'Routes each question to the specialist it is about.',
        calls: ['viaA2a', 'viaHttp'],
      },
      // Identical but for the word the offline model routes by, and the protocol.
      {
        name: 'viaA2a',
        role: 'specialist',
        protocol: 'A2A',
        description: 'Answers questions about volcanoes.',
      },
      { name: 'viaHttp', role: 'specialist', description: 'Answers questions about glaciers.' },
    ],
  });
  const system = await DevSystem.start({
    projectDir: project.dir,
    model: 'offline',
    watch: false,
    log: () => undefined,
  });
  const client = new BedrockAgentCoreClient({
    region: 'us-east-1',
    endpoint: system.endpointUrl,
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const invoke = async (prompt: string, sessionId: string) => {
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: sessionId,
        contentType: 'application/json',
        accept: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt })),
      }),
    );
    return JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
  };

  try {
    const kinds = [
      { label: 'A2A specialist', agent: 'viaA2a', prompt: 'Tell me about volcanoes' },
      { label: 'HTTP specialist (baseline)', agent: 'viaHttp', prompt: 'Tell me about glaciers' },
    ];
    const results = kinds.map(() => ({ total: [] as number[], hop: [] as number[] }));
    // Interleaved, each call in a new session, so both see the same machine state.
    for (let i = 0; i < WARM_UP + CALLS; i++) {
      for (const [k, kind] of kinds.entries()) {
        const started = performance.now();
        const answer = await invoke(kind.prompt, session(`${k}-${i}`));
        const total = performance.now() - started;
        const [delegation] = answer.delegations;
        if (answer.delegations.length !== 1 || delegation.agent !== kind.agent || !delegation.ok) {
          throw new Error(`unexpected delegations for ${kind.agent}: ${JSON.stringify(answer)}`);
        }
        if (i >= WARM_UP) {
          results[k].total.push(total);
          results[k].hop.push(delegation.durationMs);
        }
      }
    }
    const bundleKb = async (agent: string) =>
      `${Math.round((await stat(join(project.dir, system.agent(agent).directory, AGENT_LAYOUT.bundle))).size / 1024)} KB`;

    console.log(`${CALLS} sequential delegated calls each, after ${WARM_UP} warm-up calls`);
    table([
      ['delegating to', 'invocation p50', 'p95', 'delegated hop p50', 'p95', 'bundle'],
      ...(await Promise.all(
        kinds.map(async (kind, k) => [
          kind.label,
          ms(quantile(results[k].total, 0.5)),
          ms(quantile(results[k].total, 0.95)),
          ms(quantile(results[k].hop, 0.5)),
          ms(quantile(results[k].hop, 0.95)),
          await bundleKb(kind.agent),
        ]),
      )),
    ]);
    const ratio = (pick: (r: (typeof results)[number]) => number[]) =>
      (quantile(pick(results[0]), 0.5) / quantile(pick(results[1]), 0.5)).toFixed(2);
    console.log(
      `A2A / HTTP at p50: invocation ${ratio((r) => r.total)}x, delegated hop ${ratio((r) => r.hop)}x`,
    );
  } finally {
    await system.close();
    await project.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
