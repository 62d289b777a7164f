// What the project command costs before it does anything: every task of a generated
// project (dev, invoke, add-agent, deploy...) starts it. Wall time and peak resident
// memory of `agentcore-multiagent --help` (it loads every command's code) against Node
// itself doing nothing (baseline). Run after `npx projen compile`: npx projen bench cli
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CLI = join(__dirname, '..', 'lib', 'cli', 'agentcore-multiagent.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

/** Median wall milliseconds and median peak RSS (MB) of running node with these arguments. */
function measure(args: string[]): { ms: number; mb: number } {
  const walls: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    // The child reports its own peak, which the parent cannot read once it has exited.
    const run = spawnSync(
      process.execPath,
      ['--require', join(__dirname, 'report-peak.cjs'), ...args],
      { encoding: 'utf8' },
    );
    const wall = performance.now() - started;
    if (run.status !== 0)
      throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i === 0) continue; // warms the file cache
    walls.push(wall);
    peaks.push(Number(/PEAK (\d+)/.exec(run.stderr)?.[1]) / 1024);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { ms: median(walls), mb: median(peaks) };
}

readFileSync(CLI); // fails early, with the path, when the package is not compiled
const ours = measure([CLI, '--help']);
const base = measure(['-e', '']);
console.log(`agentcore-multiagent --help, median of ${RUNS}`);
console.log('                ours: the CLI  baseline: bare node  ratio');
console.log(
  `wall            ${ours.ms.toFixed(0).padStart(6)} ms      ${base.ms.toFixed(0).padStart(6)} ms       ${(ours.ms / base.ms).toFixed(2)}`,
);
console.log(
  `peak memory     ${ours.mb.toFixed(0).padStart(6)} MB      ${base.mb.toFixed(0).padStart(6)} MB       ${(ours.mb / base.mb).toFixed(2)}`,
);
