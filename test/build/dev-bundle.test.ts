import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { bundleSystemForDev } from '../../src/build/dev-bundle';
import { AgentProcess } from '../../src/dev/agent-process';
import { freePort } from '../../src/dev/ports';
import { createProject, type TestProject } from '../dev/harness';

describe("a system's one bundle for dev", () => {
  let project: TestProject;
  let outdir: string;
  const dirs = ['agents/orchestrator', 'agents/researcher', 'agents/writer'];

  beforeAll(async () => {
    project = await createProject();
    outdir = join(project.dir, 'dev-bundle');
    // A side effect of loading the writer's module, to see which process runs it.
    await appendFile(
      join(project.dir, 'agents/writer/src/agent.ts'),
      "\nconsole.log('writer module evaluated');\n",
    );
  });
  afterAll(() => project?.remove());

  /** Runs one agent's entry as dev does, and returns its output and its answer to a prompt. */
  async function runAgent(entry: string, agent: string) {
    const lines: string[] = [];
    const port = await freePort();
    const agentProcess = new AgentProcess({
      name: agent,
      bundle: entry,
      port,
      env: { PATH: process.env.PATH, AGENT_MODEL_PROVIDER: 'offline', NODE_NO_WARNINGS: '1' },
      log: (line) => lines.push(line),
    });
    await agentProcess.start();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/invocations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-amzn-bedrock-agentcore-runtime-session-id': `dev-bundle-${'0'.repeat(40)}`,
        },
        body: JSON.stringify({ prompt: 'Hello' }),
      });
      return { lines, answer: (await response.json()) as AgentResponse };
    } finally {
      await agentProcess.stop();
    }
  }

  it('starts each agent from its entry, and runs no other agent’s module', async () => {
    const { entries, durationMs } = await bundleSystemForDev(project.dir, dirs, outdir);
    expect(durationMs).toBeGreaterThan(0);
    expect([...entries.keys()]).toEqual(dirs);

    const orchestrator = await runAgent(entries.get('agents/orchestrator') as string, 'orch');
    expect(orchestrator.answer.agent).toBe('orchestrator');
    expect(orchestrator.lines.join('\n')).not.toContain('writer module evaluated');

    const writer = await runAgent(entries.get('agents/writer') as string, 'writer');
    expect(writer.answer.agent).toBe('writer');
    expect(writer.lines.join('\n')).toContain('writer module evaluated');
  });

  it('is built again only when an input changed', async () => {
    const system = join(outdir, 'system.mjs');
    const before = await readFile(system, 'utf8');
    expect((await bundleSystemForDev(project.dir, dirs, outdir)).durationMs).toBe(0);

    await appendFile(
      join(project.dir, 'agents/researcher/src/agent.ts'),
      "\nconsole.log('researcher edited');\n",
    );
    expect((await bundleSystemForDev(project.dir, dirs, outdir)).durationMs).toBeGreaterThan(0);
    const after = await readFile(system, 'utf8');
    expect(before).not.toContain('researcher edited');
    expect(after).toContain('researcher edited');
  });
});
