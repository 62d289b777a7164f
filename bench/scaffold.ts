// What a user waits for and downloads before a project exists.
//
// 1. Scaffold time without install for a 1+3 system, beside `projen new awscdk-app-ts
//    --no-post` (projen's own CDK app type, same projen) run the same way: each a whole
//    process, median of several runs, and the ratio.
// 2. What `npx create-agentcore-multiagent` must download: the packed package installed
//    the way npx installs it (dependencies only), in packages and bytes, beside the same
//    install with the optional peers (CDK, the agent SDKs, esbuild) that generated
//    projects install themselves and the scaffolder never loads.
//
// Needs the compiled package (`npx projen compile`) and the npm registry for part 2.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a command in a fresh temporary folder RUNS times (after one warm-up); median wall ms. */
function time(command: string, args: (dir: string) => string[]): number {
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-scaffold-'));
    const started = performance.now();
    const result = spawnSync(command, args(dir), {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    if (i > 0) samples.push(elapsed);
    rmSync(dir, { recursive: true, force: true });
  }
  return median(samples);
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function installFootprint(tarball: string, withPeers: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-npx-'));
  try {
    const peers = withPeers
      ? Object.entries(
          JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).peerDependencies as Record<
            string,
            string
          >,
        ).map(([name, version]) => `${name}@${version}`)
      : [];
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--omit=dev',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
        ...peers,
      ],
      {
        stdio: 'ignore',
      },
    );
    const lock = JSON.parse(
      readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'),
    ) as { packages: Record<string, unknown> };
    return {
      packages: Object.keys(lock.packages).length,
      bytes: folderBytes(join(dir, 'node_modules')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const create = join(ROOT, 'lib', 'cli', 'create.js');
const projen = join(ROOT, 'node_modules', 'projen', 'bin', 'projen');
const ours = time(process.execPath, (dir) => [
  create,
  join(dir, 'app'),
  '--yes',
  '--no-install',
  '--specialist',
  'researcher',
  '--specialist',
  'writer',
  '--specialist',
  'critic',
]);
const baseline = time(process.execPath, () => [
  projen,
  'new',
  'awscdk-app-ts',
  '--no-post',
  '--no-git',
]);
console.log(`scaffold without install, median of ${RUNS} runs (whole process)`);
console.log(`  create-agentcore-multiagent (1+3 agents):      ${ours.toFixed(0)} ms`);
console.log(`  projen new awscdk-app-ts --no-post (baseline): ${baseline.toFixed(0)} ms`);
console.log(`  ratio: ${(ours / baseline).toFixed(2)}`);

const packDir = mkdtempSync(join(tmpdir(), 'bench-pack-'));
try {
  const name =
    execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() ?? '';
  const tarball = join(packDir, name);
  const lean = installFootprint(tarball, false);
  const heavy = installFootprint(tarball, true);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log('\nwhat npx downloads and unpacks to run the scaffolder');
  console.log(`  tarball: ${mb(statSync(tarball).size)}`);
  console.log(
    `  create-agentcore-multiagent:                  ${lean.packages} packages, ${mb(lean.bytes)}`,
  );
  console.log(
    `  with CDK and agent SDKs as dependencies (baseline): ${heavy.packages} packages, ${mb(heavy.bytes)}`,
  );
  console.log(
    `  ratio: ${(lean.bytes / heavy.bytes).toFixed(2)} of the bytes, ${(lean.packages / heavy.packages).toFixed(2)} of the packages`,
  );
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
