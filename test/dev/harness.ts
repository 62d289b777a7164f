import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Task } from '@a2a-js/sdk';
import {
  BedrockAgentCoreClient,
  type BedrockAgentCoreClientConfig,
} from '@aws-sdk/client-bedrock-agentcore';
import { AgentGraph } from '../../src/graph/agent-graph';
import { AGENTS_TSCONFIG } from '../../src/layout';
import { renderAgentFiles } from '../../src/render/agent-files';
import { renderSystemFiles } from '../../src/render/files';
import type { SystemInput, SystemSpec } from '../../src/spec/schema';
import { validateSystem } from '../../src/spec/validate';

const run = promisify(execFile);

/** This repository. */
export const REPO = resolve(__dirname, '..', '..');
const OWN_EXPORTS: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO, 'package.json'), 'utf8'),
).exports;

const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * tsc's error output for a project's agents, empty when they type-check: by default all of
 * them in one run, as `typecheck:agents` does, or with one agent's own tsconfig (editors').
 */
export async function typeCheck(projectDir: string, tsconfig = AGENTS_TSCONFIG): Promise<string> {
  return run(process.execPath, [TSC, '-p', join(projectDir, tsconfig)], { cwd: projectDir }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout || String(e),
  );
}

/** A generated project on disk. */
export interface TestProject {
  readonly dir: string;
  readonly spec: SystemSpec;
  readonly graph: AgentGraph;
  remove(): Promise<void>;
}

/** An orchestrator and two specialists, with descriptions the offline model can route by. */
export const RESEARCH_TEAM: SystemInput = {
  name: 'research-team',
  region: 'us-east-1',
  agents: [
    {
      name: 'orchestrator',
      role: 'orchestrator',
      description: 'Answers user requests and delegates research and writing to specialists.',
    },
    {
      name: 'researcher',
      role: 'specialist',
      description: 'Researches a topic in depth and reports the key facts with sources.',
    },
    {
      name: 'writer',
      role: 'specialist',
      description: 'Drafts prose: turns notes into a clear, well-structured essay or poem.',
    },
  ],
};

/**
 * A mixed system: an HTTP orchestrator delegating to an A2A researcher and an HTTP
 * writer; the A2A researcher itself delegates to an HTTP archivist, so an A2A agent is
 * both a callee and a caller. Descriptions let the offline model route by their words.
 */
export const MIXED_TEAM: SystemInput = {
  name: 'mixed-team',
  region: 'us-east-1',
  agents: [
    {
      name: 'orchestrator',
      role: 'orchestrator',
      description: 'Answers user requests and delegates research and writing to specialists.',
      calls: ['researcher', 'writer'],
    },
    {
      name: 'researcher',
      role: 'specialist',
      protocol: 'A2A',
      description: 'Researches a topic in depth and reports the key facts.',
      calls: ['archivist'],
    },
    {
      name: 'writer',
      role: 'specialist',
      description: 'Drafts prose: turns notes into a clear essay or poem.',
    },
    {
      name: 'archivist',
      role: 'specialist',
      description: 'Looks up archived records and old newspapers.',
    },
  ],
};

/** A task's answer: the text of its artifacts, which arrive in several parts. */
export function taskText(task: Task): string {
  return (task.artifacts ?? [])
    .flatMap((a) => a.parts)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('');
}

/** AgentCore session ids have 33 to 256 characters. */
export const session = (label: string) => `${label}-${'0'.repeat(40)}`.slice(0, 48);

/**
 * The real AWS SDK client, pointed at a local endpoint with static credentials: it signs
 * and shapes every request exactly as against AWS.
 */
export function localClient(
  endpoint: string,
  config: Omit<BedrockAgentCoreClientConfig, 'endpoint' | 'credentials'> = {},
): BedrockAgentCoreClient {
  return new BedrockAgentCoreClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    ...config,
  });
}

/**
 * Renders a system into a temporary folder the way a user's project holds it, with this
 * repository's packages linked in (no registry install) and this package resolvable by
 * name through the `exports` entry it ships, compiled by tsc as a release compiles it.
 */
export async function createProject(input: SystemInput = RESEARCH_TEAM): Promise<TestProject> {
  const spec = validateSystem(input);
  const graph = AgentGraph.fromSpec(spec);
  const dir = await mkdtemp(join(tmpdir(), 'acm-project-'));
  const files = [
    ...renderSystemFiles(graph, JSON.stringify(input, undefined, 2)),
    ...renderAgentFiles(graph),
  ];
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: spec.name, private: true, type: 'module' }, undefined, 2),
  );
  await linkNodeModules(dir);
  return { dir, spec, graph, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function linkNodeModules(dir: string): Promise<void> {
  const modules = join(dir, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(join(REPO, 'node_modules'))) {
    if (entry === '.bin' || entry.startsWith('.') || entry === 'create-agentcore-multiagent') {
      continue;
    }
    await symlink(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  const self = join(modules, 'create-agentcore-multiagent');
  await mkdir(self);
  await writeFile(
    join(self, 'package.json'),
    JSON.stringify(
      {
        name: 'create-agentcore-multiagent',
        main: 'lib/index.js',
        // The entries generated agents import, as the package declares them.
        exports: Object.fromEntries(
          Object.entries(OWN_EXPORTS).filter(([entry]) => entry.startsWith('./agent-runtime')),
        ),
      },
      undefined,
      2,
    ),
  );
  // Copied, not linked: a link would resolve to a folder with no node_modules above it.
  await cp(await compiledRuntime(), join(self, 'lib'), { recursive: true });
}

/** The entries generated agents import: the runtime and its A2A server. */
const ENTRIES = ['index.ts', 'serve-a2a.ts'];

/** Compiles src/agent-runtime with tsc once per content, as `projen compile` does. */
async function compiledRuntime(): Promise<string> {
  const sourceDir = join(REPO, 'src', 'agent-runtime');
  const hash = createHash('sha256');
  for (const file of (await readdir(sourceDir)).sort()) {
    hash.update(file).update(await readFile(join(sourceDir, file)));
  }
  const out = join(tmpdir(), `acm-runtime-d-${hash.digest('hex').slice(0, 16)}`);
  if (
    ENTRIES.some((entry) => !existsSync(join(out, 'agent-runtime', entry.replace(/\.ts$/, '.js'))))
  ) {
    await run(
      process.execPath,
      [
        join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--outDir',
        out,
        '--rootDir',
        join(REPO, 'src'),
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'ES2022',
        '--strict',
        '--skipLibCheck',
        '--esModuleInterop',
        '--types',
        'node',
        '--declaration',
        ...ENTRIES.map((entry) => join(sourceDir, entry)),
      ],
      { cwd: REPO },
    );
  }
  return out;
}
