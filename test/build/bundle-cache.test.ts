import { appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAgents } from '../../src/build/bundle';
import { createProject, type TestProject } from '../dev/harness';

describe('bundling again', () => {
  let project: TestProject;
  const dirs = ['agents/orchestrator', 'agents/writer'];
  const modified = (agent: string) =>
    stat(join(project.dir, 'agents', agent, 'dist', 'index.mjs')).then((s) => s.mtimeMs);

  beforeAll(async () => {
    project = await createProject();
  });
  afterAll(() => project?.remove());

  it('skips an agent none of whose inputs changed, and rebuilds one whose code did', async () => {
    await bundleAgents(project.dir, dirs);
    const before = {
      orchestrator: await modified('orchestrator'),
      writer: await modified('writer'),
    };

    const again = await bundleAgents(project.dir, dirs);
    expect(again.map((r) => r.durationMs)).toEqual([0, 0]);
    expect(await modified('orchestrator')).toBe(before.orchestrator);

    await appendFile(join(project.dir, 'agents', 'writer', 'src', 'agent.ts'), '\n// edited\n');
    await bundleAgents(project.dir, dirs);
    expect(await modified('writer')).toBeGreaterThan(before.writer);
    expect(await modified('orchestrator')).toBe(before.orchestrator);
  });
});
