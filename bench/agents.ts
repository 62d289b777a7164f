// Generated agents on one machine, offline model, real processes and the real AWS SDK:
//   1. process start to the first answered /invocations (a cold start, as every new
//      AgentCore session pays it), wall time and the process's CPU time: the
//      self-contained bundle against the same code importing its packages from
//      node_modules (baseline), and, for the floor no agent can go below, a bare
//      node:http server answering the same request;
//   2. one call through the local AgentCore endpoint with the SDK (the path every
//      delegation takes) against a direct HTTP call to the same agent (baseline);
//   3. 200 concurrent sessions against the orchestrator, each delegating once, against
//      the same calls one at a time (baseline).
// Figures are printed, not asserted. Run: npx projen bench agents
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { bundleAgent } from '../src/build/bundle';
import { freePort } from '../src/dev/ports';
import { DevSystem } from '../src/dev/system';
import { createProject } from '../test/dev/harness';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const session = (i: number | string) => `bench-session-${i}-${'0'.repeat(40)}`.slice(0, 48);

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

/** Wall and CPU milliseconds from process start to the first answered invocation. */
async function startupMs(
  file: string,
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [file], {
    cwd,
    env: {
      ...process.env,
      ...extraEnv,
      PORT: String(port),
      AGENT_HOST: '127.0.0.1',
      AGENT_MODEL_PROVIDER: 'offline',
    },
    stdio: 'ignore',
  });
  try {
    while (
      !(await directCall(port, 'Hello', session('cold')).then(
        () => true,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const wall = performance.now() - started;
    // utime and stime, in clock ticks (100 per second on Linux).
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpu = ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
    return { wall, cpu };
  } finally {
    child.kill('SIGKILL');
  }
}

function directCall(port: number, prompt: string, sessionId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/invocations',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-amzn-bedrock-agentcore-runtime-session-id': sessionId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ prompt }));
  });
}

async function main(): Promise<void> {
  const project = await createProject();
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  try {
    // 1. Start-up.
    const bundled = await bundleAgent({ projectDir: project.dir, agentDir: 'agents/researcher' });
    const unbundledFile = join(project.dir, 'agents/researcher/dist-unbundled/index.mjs');
    await bundleAgent({
      projectDir: project.dir,
      agentDir: 'agents/researcher',
      bundlePackages: 'none',
      outfile: unbundledFile,
    });
    await startupMs(bundled.outfile, project.dir); // warm the file cache for both
    await startupMs(unbundledFile, project.dir);
    const compileCache = {
      NODE_COMPILE_CACHE: join(project.dir, 'node_modules', '.cache', 'bench-compile'),
    };
    // Fills the cache as the image build does (see the generated Dockerfile).
    execFileSync(process.execPath, [bundled.outfile], {
      env: {
        ...process.env,
        ...compileCache,
        AGENT_PREPARE_COMPILE_CACHE: '1',
        AGENT_MODEL_PROVIDER: 'offline',
      },
      stdio: 'ignore',
    });
    // Node itself: start, load node:http, listen, answer. What an agent adds is the rest.
    const floorFile = join(project.dir, 'floor.mjs');
    writeFileSync(
      floorFile,
      "import { createServer } from 'node:http';\ncreateServer((req, res) => req.resume().on('end', () => res.end('{}'))).listen(Number(process.env.PORT), process.env.AGENT_HOST);\n",
    );
    const floor: Array<{ wall: number; cpu: number }> = [];
    const ours: Array<{ wall: number; cpu: number }> = [];
    const base: Array<{ wall: number; cpu: number }> = [];
    const cached: Array<{ wall: number; cpu: number }> = [];
    for (let i = 0; i < runs; i++) {
      ours.push(await startupMs(bundled.outfile, project.dir));
      base.push(await startupMs(unbundledFile, project.dir));
      cached.push(await startupMs(bundled.outfile, project.dir, compileCache));
      floor.push(await startupMs(floorFile, project.dir));
    }
    const median = (v: Array<{ wall: number; cpu: number }>, k: 'wall' | 'cpu') =>
      quantile(
        v.map((x) => x[k]),
        0.5,
      );
    console.log(
      `\nProcess start to the first answered /invocations, wall (CPU) ms, median of ${runs}; bundle ${(bundled.bytes / 1e6).toFixed(2)} MB`,
    );
    const row = (label: string, v: typeof ours) => [
      label,
      `${ms(median(v, 'wall'))} (${ms(median(v, 'cpu'))})`,
      `${ms(median(base, 'wall'))} (${ms(median(base, 'cpu'))})`,
      (median(v, 'wall') / median(base, 'wall')).toFixed(2),
    ];
    table([
      ['', 'ours: bundle', 'baseline: node_modules', 'ratio (wall)'],
      row('no cache (code-zip deploy)', ours),
      row('compile cache (container image, dev)', cached),
      row('floor: a bare node:http server', floor),
    ]);

    // 2. and 3. need the whole system.
    const system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      log: () => {},
    });
    try {
      const client = new BedrockAgentCoreClient({
        region: 'us-east-1',
        endpoint: system.endpointUrl,
        credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
        maxAttempts: 1,
      });
      const viaEndpoint = async (agent: string, prompt: string, sessionId: string) => {
        const out = await client.send(
          new InvokeAgentRuntimeCommand({
            agentRuntimeArn: system.agent(agent).arn,
            runtimeSessionId: sessionId,
            contentType: 'application/json',
            payload: new TextEncoder().encode(JSON.stringify({ prompt })),
          }),
        );
        const body = JSON.parse((await out.response?.transformToString()) ?? '{}') as {
          status?: string;
        };
        if (body.status !== 'success') throw new Error(JSON.stringify(body));
      };

      const calls = Number(process.env.BENCH_CALLS ?? 200);
      const sdk: number[] = [];
      const direct: number[] = [];
      const port = system.agent('researcher').port;
      for (let i = 0; i < 20; i++) {
        await viaEndpoint('researcher', 'warm up', session(`w${i}`));
        await directCall(port, 'warm up', session(`w${i}`));
      }
      for (let i = 0; i < calls; i++) {
        // A fresh session each time, so conversation length does not grow into the figure.
        let t = performance.now();
        await viaEndpoint('researcher', 'Hello', session(`e${i}`));
        sdk.push(performance.now() - t);
        t = performance.now();
        await directCall(port, 'Hello', session(`d${i}`));
        direct.push(performance.now() - t);
      }
      console.log(`\nOne call to the researcher (${calls} calls, one at a time)`);
      table([
        ['', 'ours: SDK via local endpoint', 'baseline: direct HTTP', 'ratio'],
        [
          'p50',
          ms(quantile(sdk, 0.5)),
          ms(quantile(direct, 0.5)),
          (quantile(sdk, 0.5) / quantile(direct, 0.5)).toFixed(2),
        ],
        [
          'p99',
          ms(quantile(sdk, 0.99)),
          ms(quantile(direct, 0.99)),
          (quantile(sdk, 0.99) / quantile(direct, 0.99)).toFixed(2),
        ],
      ]);

      const sessions = Number(process.env.BENCH_SESSIONS ?? 200);
      const prompt = (i: number) => `Research subject number ${i}`;
      const sequential: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        await viaEndpoint('orchestrator', prompt(i), session(`s${i}`));
        sequential.push(performance.now() - t);
      }
      let errors = 0;
      const concurrent: number[] = [];
      const wall = performance.now();
      await Promise.all(
        Array.from({ length: sessions }, async (_, i) => {
          const t = performance.now();
          try {
            await viaEndpoint('orchestrator', prompt(i), session(`c${i}`));
            concurrent.push(performance.now() - t);
          } catch {
            errors++;
          }
        }),
      );
      const wallMs = performance.now() - wall;
      console.log(
        `\nOrchestrator, each call delegating to the researcher: ${sessions} concurrent sessions against 50 one at a time`,
      );
      table([
        ['', `ours: ${sessions} concurrent`, 'baseline: one at a time', 'ratio'],
        ['errors', String(errors), '0', '-'],
        [
          'p50',
          ms(quantile(concurrent, 0.5)),
          ms(quantile(sequential, 0.5)),
          (quantile(concurrent, 0.5) / quantile(sequential, 0.5)).toFixed(2),
        ],
        [
          'p99',
          ms(quantile(concurrent, 0.99)),
          ms(quantile(sequential, 0.99)),
          (quantile(concurrent, 0.99) / quantile(sequential, 0.99)).toFixed(2),
        ],
        [
          'throughput',
          `${((sessions / wallMs) * 1000).toFixed(0)} calls/s`,
          `${((50 / sequential.reduce((a, b) => a + b, 0)) * 1000).toFixed(0)} calls/s`,
          (sessions / wallMs / (50 / sequential.reduce((a, b) => a + b, 0))).toFixed(2),
        ],
      ]);
    } finally {
      await system.close();
    }
  } finally {
    await project.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
