import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAgent } from '../../src/build/bundle';
import { ping } from '../../src/dev/agent-process';
import { freePort } from '../../src/dev/ports';
import { createProject, type TestProject, typeCheck } from '../dev/harness';

const run = promisify(execFile);

/** Text that breaks naive templating: quotes, backticks, interpolation, comment ends, lines. */
const HOSTILE = `Checks "quotes", \`ticks\`, \${injection} and */ comment ends\nover two lines \\ with a backslash.`;

describe('a generated project', () => {
  let project: TestProject;

  beforeAll(async () => {
    project = await createProject({
      name: 'odd-team',
      agents: [
        { name: 'leadAgent', role: 'orchestrator', description: HOSTILE, systemPrompt: HOSTILE },
        { name: 'dataAnalyst', role: 'specialist', description: HOSTILE },
        { name: 'qa_checker2', role: 'specialist', description: 'Checks answers for errors.' },
      ],
    });
  });
  afterAll(() => project?.remove());

  it('type-checks, every agent, with hostile descriptions and prompts', async () => {
    expect(await typeCheck(project.dir)).toBe('');
    const agentTs = await readFile(join(project.dir, 'agents/lead_agent/src/agent.ts'), 'utf8');
    expect(agentTs).toContain(`\\\${injection}`);
  });

  it('fails the type-check when the user breaks their agent', async () => {
    const file = join(project.dir, 'agents/qa_checker2/src/agent.ts');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('printer: false', 'printer: "no"'));
    try {
      // The one run over every agent names the file; so does the agent's own (editors') config.
      for (const tsconfig of ['tsconfig.agents.json', 'agents/qa_checker2/tsconfig.json']) {
        const errors = await typeCheck(project.dir, tsconfig);
        expect(errors).toContain('agents/qa_checker2/src/agent.ts');
        expect(errors).toContain("Type 'string' is not assignable to type 'boolean");
      }
    } finally {
      await writeFile(file, source);
    }
  });

  it('bundles into one file that starts alone, and puts the Dockerfile beside it', async () => {
    const result = await bundleAgent({ projectDir: project.dir, agentDir: 'agents/data_analyst' });
    expect(result.outfile).toBe(join(project.dir, 'agents/data_analyst/dist/index.mjs'));
    const dockerfile = await readFile(
      join(project.dir, 'agents/data_analyst/dist/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toContain('COPY --chown=node:node index.mjs ./');

    // No node_modules anywhere above this folder: only the bundle itself.
    const alone = await mkdtemp(join(tmpdir(), 'acm-alone-'));
    await copyFile(result.outfile, join(alone, 'index.mjs'));
    // The image build's step: compile once into the cache, then exit without serving.
    const cache = join(alone, '.compile-cache');
    const env = { PATH: process.env.PATH, NODE_COMPILE_CACHE: cache, NODE_NO_WARNINGS: '1' };
    const prepared = await run(process.execPath, [join(alone, 'index.mjs')], {
      cwd: alone,
      env: { ...env, AGENT_PREPARE_COMPILE_CACHE: '1', AGENT_MODEL_PROVIDER: 'offline' },
    });
    expect(prepared.stdout).toContain(`dataAnalyst: compile cache written to ${cache}`);
    const cached = await readdir(cache, { recursive: true, withFileTypes: true });
    expect(cached.filter((f) => f.isFile()).length).toBeGreaterThan(0);

    const port = await freePort();
    const child = spawn(process.execPath, [join(alone, 'index.mjs')], {
      cwd: alone,
      env: { ...env, PORT: String(port), AGENT_MODEL_PROVIDER: 'offline' },
      stdio: 'ignore',
    });
    try {
      const started = Date.now();
      while (!(await ping(port))) {
        if (child.exitCode !== null) throw new Error(`the bundle exited with ${child.exitCode}`);
        if (Date.now() - started > 15_000) throw new Error('the bundle did not answer /ping');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill('SIGKILL');
      await rm(alone, { recursive: true, force: true });
    }
  });
});
