// How validation and rendering scale with the number of agents: a 1+3 system is the
// baseline, a 1+49 system (the most one orchestrator can call) the subject; the ratio
// shows the cost per agent stays flat. Each figure is the median of many runs in one
// warm process, so it measures our code, not start-up.
import { performance } from 'node:perf_hooks';
import { AgentGraph, type SystemInput, TemplateEngine, validateSystem } from '../src';
import { renderSystemFiles } from '../src/render/files';

function system(specialists: number): SystemInput {
  return {
    name: 'bench',
    agents: [
      { name: 'orchestrator', role: 'orchestrator', description: 'Routes every request.' },
      ...Array.from({ length: specialists }, (_, i) => ({
        name: `specialist${i}`,
        role: 'specialist' as const,
        description: `Specialist number ${i}: answers questions about topic ${i} with sources.`,
      })),
    ],
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(input: SystemInput, engine: TemplateEngine, runs: number) {
  const validate: number[] = [];
  const render: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const graph = AgentGraph.fromSpec(validateSystem(input));
    const t1 = performance.now();
    const files = renderSystemFiles(graph, JSON.stringify(input), engine);
    const t2 = performance.now();
    validate.push(t1 - t0);
    render.push(t2 - t1);
    bytes = files.reduce((sum, f) => sum + f.content.length, 0);
  }
  return { validate: median(validate), render: median(render), bytes };
}

const engine = new TemplateEngine();
const runs = Number(process.env.BENCH_RUNS ?? 300);
measure(system(49), engine, 20); // warm-up: JIT and the template cache

const small = measure(system(3), engine, runs);
const large = measure(system(49), engine, runs);
const ms = (v: number) => `${v.toFixed(3)} ms`;
const rows = [
  ['', '1+3 (baseline)', '1+49', 'ratio', 'per agent 1+3', 'per agent 1+49'],
  [
    'validate + graph',
    ms(small.validate),
    ms(large.validate),
    (large.validate / small.validate).toFixed(1),
    ms(small.validate / 4),
    ms(large.validate / 50),
  ],
  [
    'render',
    ms(small.render),
    ms(large.render),
    (large.render / small.render).toFixed(1),
    ms(small.render / 4),
    ms(large.render / 50),
  ],
  [
    'output bytes',
    String(small.bytes),
    String(large.bytes),
    (large.bytes / small.bytes).toFixed(1),
    '',
    '',
  ],
];
console.log(`spec + render, median of ${runs} runs (agents: 4 vs 50, ratio 12.5 would be linear)`);
for (const row of rows) console.log(row.map((c, i) => c.padEnd(i === 0 ? 18 : 16)).join(''));
