import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, REPO, type TestProject } from '../dev/harness';
import { MIXED_TEAM } from './harness';

const run = promisify(execFile);
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

describe('the generated code of a system with an A2A agent', () => {
  let project: TestProject;
  const read = (file: string) => readFile(join(project.dir, file), 'utf8');

  beforeAll(async () => {
    project = await createProject(MIXED_TEAM);
  });
  afterAll(() => project?.remove());

  it('type-checks, every agent, A2A and HTTP', async () => {
    const results = await Promise.all(
      project.graph.agents.map((agent) =>
        run(
          process.execPath,
          [TSC, '--noEmit', '-p', join(project.dir, agent.names.directory, 'tsconfig.json')],
          { cwd: project.dir },
        ).then(
          (r) => r.stdout,
          (e: { stdout: string }) => e.stdout || String(e),
        ),
      ),
    );
    expect(results).toEqual(project.graph.agents.map(() => ''));
  });

  it('serves the A2A agent on the A2A contract and port, the others on HTTP', async () => {
    const researcherMain = await read('agents/researcher/src/generated/main.ts');
    expect(researcherMain).toContain('await serveA2AAgent({');
    expect(researcherMain).toContain(
      `description: ${JSON.stringify(MIXED_TEAM.agents[1].description)}`,
    );
    expect(await read('agents/writer/src/generated/main.ts')).toContain('await serveAgent(');
    const researcherImage = await read('agents/researcher/Dockerfile');
    expect(researcherImage).toMatch(/PORT=9000 /);
    expect(researcherImage).toMatch(/^EXPOSE 9000$/m);
    expect(await read('agents/writer/Dockerfile')).toMatch(/^EXPOSE 8080$/m);
  });

  it('binds A2A callees with the A2A protocol, HTTP callees as before', async () => {
    const peers = await read('agents/orchestrator/src/generated/peers.ts');
    const binding = (agent: string) =>
      new RegExp(`"${agent}": peerTool\\(\\{[^}]*\\}\\)`).exec(peers)?.[0] ?? '';
    expect(binding('researcher')).toContain('protocol: "A2A"');
    expect(binding('writer')).not.toContain('protocol');
    // The A2A agent's own callee is an HTTP agent.
    expect(await read('agents/researcher/src/generated/peers.ts')).toMatch(
      /"archivist": peerTool\(\{[^}]*envVar: "ARCHIVIST_AGENT_ARN"[^}]*\}\)/,
    );
  });
});
