import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsString } from '../../src/render/escape';
import { createProject, MIXED_TEAM, type TestProject, typeCheck } from '../dev/harness';

describe('the generated code of a system with an A2A agent', () => {
  let project: TestProject;
  const read = (file: string) => readFile(join(project.dir, file), 'utf8');

  beforeAll(async () => {
    project = await createProject(MIXED_TEAM);
  });
  afterAll(() => project?.remove());

  it('type-checks, every agent, A2A and HTTP', async () => {
    expect(await typeCheck(project.dir)).toBe('');
  });

  it('serves the A2A agent on the A2A contract and port, the others on HTTP', async () => {
    const researcherMain = await read('agents/researcher/src/generated/main.ts');
    expect(researcherMain).toContain('await serveA2AAgent({');
    expect(researcherMain).toContain(`description: ${tsString(MIXED_TEAM.agents[1].description)}`);
    expect(await read('agents/writer/src/generated/main.ts')).toContain('await serveAgent(');
    const researcherImage = await read('agents/researcher/Dockerfile');
    expect(researcherImage).toMatch(/PORT=9000 /);
    expect(researcherImage).toMatch(/^EXPOSE 9000$/m);
    expect(await read('agents/writer/Dockerfile')).toMatch(/^EXPOSE 8080$/m);
  });

  it('binds A2A callees with the A2A protocol, HTTP callees as before', async () => {
    const peers = await read('agents/orchestrator/src/generated/peers.ts');
    const binding = (agent: string) =>
      new RegExp(`${agent}: peerTool\\(\\{[^}]*\\}\\)`).exec(peers)?.[0] ?? '';
    expect(binding('researcher')).toContain("protocol: 'A2A'");
    expect(binding('writer')).not.toContain('protocol');
    // The A2A agent's own callee is an HTTP agent.
    expect(await read('agents/researcher/src/generated/peers.ts')).toMatch(
      /archivist: peerTool\(\{[^}]*envVar: 'ARCHIVIST_AGENT_ARN'[^}]*\}\)/,
    );
  });
});
