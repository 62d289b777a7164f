// `dev` for an orchestrator with ten specialists (BENCH_SPECIALISTS sets how many), offline
// model, real processes, each measured in a fresh project (nothing bundled yet):
// - bundling: one self-contained bundle per agent (what the deploy packages, and what dev
//   ran before; baseline) against the one bundle of the whole system that dev runs;
// - dev's start to ready (the endpoint answering, agents as the mode starts them) and the
//   memory held then and after every agent has been called once, for agents started on
//   their first call (dev's default, as AgentCore starts runtimes) against all started at
//   once (baseline, `dev --eager`). `dev` runs as the user runs it, a process of its own;
//   memory is the resident set of it and every process it runs (agents, esbuild's service).
// Every request must come back with every delegation answered, or the bench fails.
// Printed, not asserted.
// Run: npx projen bench dev   (BENCH_SPECIALISTS=49 npx projen bench dev for 1+49)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import type { AgentResponse } from '../src/agent-runtime/protocol';
import { bundleAgents } from '../src/build/bundle';
import { bundleSystemForDev } from '../src/build/dev-bundle';
import { localRuntimeArn } from '../src/dev/local-arn';
import { readDevState } from '../src/dev/state';
import type { SystemInput } from '../src/spec/schema';
import { buildCli } from '../test/cli/cli-process';
import { createProject } from '../test/dev/harness';

const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 10);

const SYSTEM: SystemInput = {
  name: 'bench-dev',
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes every request.' },
    ...Array.from({ length: SPECIALISTS }, (_, i) => ({
      name: `specialist${i}`,
      role: 'specialist' as const,
      // One word per specialist, so that the offline model sends each request to one only.
      description: `Knows everything on topic${i}.`,
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

/** Wall time of bundling every agent of a fresh project, each way. */
async function bundling() {
  const project = await createProject(SYSTEM);
  const dirs = project.graph.agents.map((a) => a.names.directory);
  try {
    let started = performance.now();
    await bundleAgents(project.dir, dirs);
    const perAgentMs = performance.now() - started;
    started = performance.now();
    await bundleSystemForDev(project.dir, dirs, join(project.dir, 'dev-bundle'));
    return { perAgentMs, systemMs: performance.now() - started };
  } finally {
    await project.remove();
  }
}

/**
 * The `dev` command as a user runs it, a process of its own (`--eager` for the baseline):
 * its start to ready, and the memory of it and everything it runs.
 */
async function run(startAgents: 'all' | 'on-first-call') {
  const project = await createProject(SYSTEM);
  const cli = await buildCli(project.dir);
  const started = performance.now();
  const eager = startAgents === 'all' ? ['--eager'] : [];
  const dev = spawn(process.execPath, [cli, 'dev', '--port', '0', '--no-watch', ...eager], {
    cwd: project.dir,
    env: { ...process.env, AGENT_MODEL_PROVIDER: 'offline', HOME: project.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  dev.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    // Ready: the summary printed, the endpoint answering.
    while (!output.includes('Ctrl-C stops everything')) {
      if (dev.exitCode !== null) throw new Error(`dev exited ${dev.exitCode}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const readyMs = performance.now() - started;
    const readyMb = residentMb(dev.pid as number);
    const state = await readDevState(project.dir);
    if (!state) throw new Error(`dev is ready but wrote no state:\n${output}`);
    const orchestrator = project.graph.agents.find((a) => a.spec.role === 'orchestrator');
    const arn = localRuntimeArn(
      project.graph.spec.region,
      orchestrator?.names.runtimeName as string,
    );
    const client = new BedrockAgentCoreClient({
      region: project.graph.spec.region,
      endpoint: state.endpointUrl,
      credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    });
    // One request per specialist, through the orchestrator, so every agent has been called;
    // on first call, each is that specialist's cold start.
    const firstCallMs: number[] = [];
    for (let i = 0; i < SPECIALISTS; i++) {
      const t = performance.now();
      const answer = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: arn,
          contentType: 'application/json',
          payload: new TextEncoder().encode(JSON.stringify({ prompt: `Tell me of topic${i}` })),
        }),
      );
      firstCallMs.push(performance.now() - t);
      const body = JSON.parse((await answer.response?.transformToString()) ?? '{}');
      assertDelegated(body as AgentResponse, `specialist${i}`);
    }
    return { readyMs, readyMb, allCalledMb: residentMb(dev.pid as number), firstCallMs };
  } finally {
    dev.kill('SIGINT');
    await new Promise((resolve) =>
      dev.exitCode !== null ? resolve(null) : dev.once('exit', resolve),
    );
    await project.remove();
  }
}

/** A bench of failed requests measures nothing: each must have reached its specialist only. */
function assertDelegated(body: AgentResponse, specialist: string): void {
  const reached = (body.delegations ?? []).map((d) => (d.ok ? d.agent : `${d.agent} (failed)`));
  if (body.status !== 'success' || reached.join() !== specialist) {
    throw new Error(`A request did not reach ${specialist}: ${JSON.stringify(body)}`);
  }
}

async function main(): Promise<void> {
  const bundled = await bundling();
  const eager = await run('all');
  const lazy = await run('on-first-call');
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const rows = [
    [`1+${SPECIALISTS} agents`, 'baseline', 'measured', 'ratio'],
    [
      'bundling: per agent (baseline), whole system (dev)',
      `${bundled.perAgentMs.toFixed(0)} ms`,
      `${bundled.systemMs.toFixed(0)} ms`,
      (bundled.systemMs / bundled.perAgentMs).toFixed(2),
    ],
    ['dev: all at once (baseline), on first call', '', '', ''],
    [
      '  start to ready',
      `${eager.readyMs.toFixed(0)} ms`,
      `${lazy.readyMs.toFixed(0)} ms`,
      (lazy.readyMs / eager.readyMs).toFixed(2),
    ],
    [
      '  memory when ready',
      `${eager.readyMb.toFixed(0)} MB`,
      `${lazy.readyMb.toFixed(0)} MB`,
      (lazy.readyMb / eager.readyMb).toFixed(2),
    ],
    [
      '  memory, every agent called',
      `${eager.allCalledMb.toFixed(0)} MB`,
      `${lazy.allCalledMb.toFixed(0)} MB`,
      (lazy.allCalledMb / eager.allCalledMb).toFixed(2),
    ],
    [
      `  request, median of ${SPECIALISTS}`,
      `${median(eager.firstCallMs).toFixed(0)} ms`,
      `${median(lazy.firstCallMs).toFixed(0)} ms (cold starts)`,
      (median(lazy.firstCallMs) / median(eager.firstCallMs)).toFixed(2),
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
