// `dev` for an orchestrator with ten specialists, offline model, real processes: time
// from start to ready (the endpoint answering, agents as the mode starts them) and the
// memory held then and after every agent has been called once, for agents started on
// their first call (dev's default, as AgentCore starts runtimes) against all started at
// once (baseline, `dev --eager`). Memory is the resident set of every process dev runs:
// agents and esbuild's service, besides dev's own. Printed, not asserted.
// Run: npx projen bench dev
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { DevSystem } from '../src/dev/system';
import type { SystemInput } from '../src/spec/schema';
import { createProject } from '../test/dev/harness';

const SPECIALISTS = 10;

const SYSTEM: SystemInput = {
  name: 'bench-dev',
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes every request.' },
    ...Array.from({ length: SPECIALISTS }, (_, i) => ({
      name: `specialist${i}`,
      role: 'specialist' as const,
      description: `Answers questions about topic${i}.`,
    })),
  ],
};

/** Resident memory of a process and every process below it, in MB. */
function residentMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(' ') : []) visit(Number(child));
      }
    } catch {
      // A process that ended in between holds nothing.
    }
  };
  visit(pid);
  return kb / 1024;
}

async function run(startAgents: 'all' | 'on-first-call') {
  const project = await createProject(SYSTEM);
  const started = performance.now();
  const system = await DevSystem.start({
    projectDir: project.dir,
    model: 'offline',
    watch: false,
    startAgents,
    log: () => undefined,
  });
  const readyMs = performance.now() - started;
  const readyMb = residentMb(process.pid);
  const client = new BedrockAgentCoreClient({
    region: 'us-east-1',
    endpoint: system.endpointUrl,
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
  });
  // One request per specialist, through the orchestrator, so every agent has been called.
  const firstCallMs: number[] = [];
  for (let i = 0; i < SPECIALISTS; i++) {
    const t = performance.now();
    await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        contentType: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt: `A question about topic${i}` })),
      }),
    );
    firstCallMs.push(performance.now() - t);
  }
  const allCalledMb = residentMb(process.pid);
  await system.close();
  await project.remove();
  return { readyMs, readyMb, allCalledMb, firstCallMs };
}

async function main(): Promise<void> {
  const eager = await run('all');
  const lazy = await run('on-first-call');
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const rows = [
    ['1+10 agents', 'all at once (baseline)', 'on first call', 'ratio'],
    [
      'start to ready',
      `${eager.readyMs.toFixed(0)} ms`,
      `${lazy.readyMs.toFixed(0)} ms`,
      (lazy.readyMs / eager.readyMs).toFixed(2),
    ],
    [
      'memory when ready',
      `${eager.readyMb.toFixed(0)} MB`,
      `${lazy.readyMb.toFixed(0)} MB`,
      (lazy.readyMb / eager.readyMb).toFixed(2),
    ],
    [
      'memory, every agent called',
      `${eager.allCalledMb.toFixed(0)} MB`,
      `${lazy.allCalledMb.toFixed(0)} MB`,
      (lazy.allCalledMb / eager.allCalledMb).toFixed(2),
    ],
    [
      'request, median of 10',
      `${median(eager.firstCallMs).toFixed(0)} ms`,
      `${median(lazy.firstCallMs).toFixed(0)} ms (cold starts)`,
      (median(lazy.firstCallMs) / median(eager.firstCallMs)).toFixed(2),
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

void main();
