// The type-check step of a generated project's build (`typecheck:agents`) for an
// orchestrator with 3 and with 10 specialists: one compiler run over every agent with the
// shared tsconfig.agents.json (what the task runs) against one run per agent with its own
// tsconfig.json (baseline: what the task ran before, and what an editor runs). Each is a
// whole `tsc` process, as the task runs it; median of several rounds, and the ratio.
// Run: npx projen bench typecheck
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AGENT_LAYOUT, AGENTS_TSCONFIG } from '../src/layout';
import type { SystemInput } from '../src/spec/schema';
import { createProject, REPO } from '../test/dev/harness';

const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);

const system = (specialists: number): SystemInput => ({
  name: `bench-typecheck-${specialists}`,
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes every request.' },
    ...Array.from({ length: specialists }, (_, i) => ({
      name: `specialist${i}`,
      role: 'specialist' as const,
      description: `Answers questions about topic${i}.`,
    })),
  ],
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Wall seconds of running tsc once per config, one after another, as a task's steps run. */
function seconds(dir: string, configs: string[]): number {
  const started = performance.now();
  for (const config of configs) {
    execFileSync(process.execPath, [TSC, '-p', config], { cwd: dir, stdio: 'inherit' });
  }
  return (performance.now() - started) / 1000;
}

async function main() {
  for (const specialists of [3, 10]) {
    const project = await createProject(system(specialists));
    try {
      const perAgent = project.graph.agents.map(
        (agent) => `${agent.names.directory}/${AGENT_LAYOUT.tsconfig}`,
      );
      const one: number[] = [];
      const each: number[] = [];
      // Alternating rounds, so a change in the machine's load falls on both alike.
      for (let round = 0; round < ROUNDS; round++) {
        one.push(seconds(project.dir, [AGENTS_TSCONFIG]));
        each.push(seconds(project.dir, perAgent));
      }
      const ours = median(one);
      const baseline = median(each);
      console.log(
        `1+${specialists} agents: one run ${ours.toFixed(1)} s, one run per agent ${baseline.toFixed(1)} s: ${(baseline / ours).toFixed(1)}x faster`,
      );
    } finally {
      await project.remove();
    }
  }
}

void main();
