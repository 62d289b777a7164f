// What tracing costs a delegated call: the same 1+1 system twice in one run, one with
// span export off (baseline: OpenTelemetry's no-op API, trace context passed through)
// and one exporting every span over OTLP/HTTP protobuf to a local sink that only drains
// the requests. Calls alternate between the two, so both see the same machine. Printed:
// p50/p95 of the whole invocation as the caller sees it, and of the delegated hop as the
// orchestrator timed it; figures are printed, not asserted. Run: npx projen bench tracing
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import type { AgentResponse } from '../src/agent-runtime/protocol';
import { DevSystem } from '../src/dev/system';
import type { SystemInput } from '../src/spec/schema';
import { createProject } from '../test/dev/harness';

const CALLS = 300;
const WARM_UP = 20;

const SYSTEM: SystemInput = {
  name: 'bench-tracing',
  region: 'us-east-1',
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes each question.' },
    { name: 'geologist', role: 'specialist', description: 'Answers questions about volcanoes.' },
  ],
};

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  let exported = 0;
  const sink = createServer((req, res) => {
    req.on('data', (c: Buffer) => {
      exported += c.length;
    });
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

  const start = async (env: NodeJS.ProcessEnv) => {
    const project = await createProject(SYSTEM);
    const system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      env,
      log: () => undefined,
    });
    const client = new BedrockAgentCoreClient({
      region: 'us-east-1',
      endpoint: system.endpointUrl,
      credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
      maxAttempts: 1,
    });
    const call = async (i: number) => {
      const started = performance.now();
      const out = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          runtimeSessionId: `bench-tracing-${i}-${'0'.repeat(40)}`.slice(0, 48),
          contentType: 'application/json',
          traceParent: `00-${(i + 1).toString(16).padStart(32, '0')}-00f067aa0ba902b7-01`,
          payload: new TextEncoder().encode(
            JSON.stringify({ prompt: 'A question about volcanoes' }),
          ),
        }),
      );
      const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
      if (answer.delegations[0]?.agent !== 'geologist') throw new Error('no delegation');
      return { total: performance.now() - started, hop: answer.delegations[0].durationMs };
    };
    return { project, system, call };
  };

  const off = await start({});
  const on = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl });
  const results = {
    off: { total: [] as number[], hop: [] as number[] },
    on: { total: [] as number[], hop: [] as number[] },
  };
  for (let i = 0; i < WARM_UP + CALLS; i++) {
    for (const [name, system] of [
      ['off', off],
      ['on', on],
    ] as const) {
      const { total, hop } = await system.call(i);
      if (i >= WARM_UP) {
        results[name].total.push(total);
        results[name].hop.push(hop);
      }
    }
  }
  // Let the last batch of spans leave before counting what was exported.
  await new Promise((resolve) => setTimeout(resolve, 6000));

  const row = (label: string, pick: (r: { total: number[]; hop: number[] }) => number[]) => {
    const p50off = quantile(pick(results.off), 0.5);
    const p50on = quantile(pick(results.on), 0.5);
    const p95off = quantile(pick(results.off), 0.95);
    const p95on = quantile(pick(results.on), 0.95);
    return [
      label,
      `${p50off.toFixed(1)} ms`,
      `${p50on.toFixed(1)} ms`,
      (p50on / p50off).toFixed(2),
      `${p95off.toFixed(1)} ms`,
      `${p95on.toFixed(1)} ms`,
      (p95on / p95off).toFixed(2),
    ];
  };
  const rows = [
    ['', 'p50 off (baseline)', 'p50 export on', 'ratio', 'p95 off', 'p95 on', 'ratio'],
    row('invocation (caller)', (r) => r.total),
    row('delegated hop', (r) => r.hop),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`${CALLS} delegated calls each, alternating, offline model, real processes`);
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log(
    `exported ${(exported / 1024).toFixed(0)} KB of OTLP protobuf (${(exported / CALLS / 1024).toFixed(1)} KB per request, 2 agents)`,
  );

  for (const s of [off, on]) {
    await s.system.close();
    await s.project.remove();
  }
  sink.close();
}

void main();
