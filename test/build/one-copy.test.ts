import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAgent } from '../../src/build/bundle';
import { createProject, type TestProject } from '../dev/harness';

describe('an agent bundle', () => {
  let project: TestProject;

  beforeAll(async () => {
    project = await createProject();
  });
  afterAll(() => project?.remove());

  it('holds one form of each package the runtime requires and its SDK imports', async () => {
    const outfile = join(project.dir, 'readable', 'index.mjs');
    await bundleAgent({
      projectDir: project.dir,
      agentDir: 'agents/writer',
      outfile,
      minify: false,
    });
    // Unminified, esbuild heads each module with its path.
    const modules = (await readFile(outfile, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('// ') && line.includes('node_modules/'));
    const of = (pattern: RegExp) => modules.filter((line) => pattern.test(line)).length;
    expect(of(/\/zod\/.*\.js$/)).toBeGreaterThan(0);
    expect(of(/\/zod\/.*\.cjs$/)).toBe(0);
    expect(of(/\/@opentelemetry\/api\/build\/esm\//)).toBeGreaterThan(0);
    expect(of(/\/@opentelemetry\/api\/build\/src\//)).toBe(0);
  });
});
