import { request } from 'node:http';
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse } from '../../src/agent-runtime/sse';
import { PAGE_TOKEN_HEADER } from '../../src/dev/endpoint';
import type { Hop } from '../../src/dev/hop-log';
import type { InspectorSystem } from '../../src/dev/inspector';
import { DevSystem } from '../../src/dev/system';
import { createProject, localClient, MIXED_TEAM, session, type TestProject } from './harness';

/** Reads the inspector's event stream until `enough` holds for the hops seen so far. */
function watchHops(
  endpointUrl: string,
  enough: (hops: Map<string, Hop>) => boolean,
): Promise<Map<string, Hop>> {
  return new Promise((resolve, reject) => {
    const hops = new Map<string, Hop>();
    const req = request(`${endpointUrl}/inspector/api/events`, (res) => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const end = buffer.lastIndexOf('\n\n');
        if (end < 0) return;
        for (const { event, data } of parseSse(buffer.slice(0, end + 2))) {
          if (event === 'snapshot') for (const h of JSON.parse(data).hops) hops.set(h.id, h);
          if (event === 'hop') {
            const hop = JSON.parse(data) as Hop;
            hops.set(hop.id, hop);
          }
        }
        buffer = buffer.slice(end + 2);
        if (enough(hops)) {
          req.destroy();
          resolve(hops);
        }
      });
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

describe('the inspector', () => {
  let project: TestProject;
  let system: DevSystem;

  beforeAll(async () => {
    project = await createProject(MIXED_TEAM);
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      env: { PEER_CALL_MAX_ATTEMPTS: '1' },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
  });

  it('serves its page at the root with this run’s token, closed to frames and other origins', async () => {
    const res = await fetch(`${system.endpointUrl}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`content="${system.pageToken}"`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    for (const asset of ['/inspector/app.js', '/inspector/app.css']) {
      expect((await fetch(`${system.endpointUrl}${asset}`)).status, asset).toBe(200);
    }
  });

  it('describes the agent graph of agents.json, callers above their callees', async () => {
    const view = (await (
      await fetch(`${system.endpointUrl}/inspector/api/system`)
    ).json()) as InspectorSystem & { tokenHeader: string };
    expect(view.agents.map((a: { name: string }) => a.name)).toEqual([
      'orchestrator',
      'researcher',
      'writer',
      'archivist',
    ]);
    expect(view.agents[0]).toMatchObject({ role: 'orchestrator', calls: ['researcher', 'writer'] });
    expect(view.agents[1]).toMatchObject({ protocol: 'A2A', calls: ['archivist'] });
    expect(view.rows[0]).toEqual(['orchestrator']);
    expect(view.rows.at(-1)).toContain('archivist');
    expect(view.tokenHeader).toBe(PAGE_TOKEN_HEADER);
  });

  it('streams every hop as it happens, each delegation a child of its caller’s hop', async () => {
    const id = session('inspector-tree');
    const done = watchHops(system.endpointUrl, (hops) => {
      const mine = [...hops.values()].filter((h) => h.sessionId === id);
      return mine.length === 3 && mine.every((h) => h.state !== 'running');
    });
    const client = localClient(system.endpointUrl);
    await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: id,
        contentType: 'application/json',
        payload: new TextEncoder().encode(
          JSON.stringify({ prompt: 'Research the archived newspapers of tea' }),
        ),
      }),
    );
    const hops = [...(await done).values()].filter((h) => h.sessionId === id);
    const byAgent = Object.fromEntries(hops.map((h) => [h.agent, h]));
    expect(Object.keys(byAgent).sort()).toEqual(['archivist', 'orchestrator', 'researcher']);
    const { orchestrator, researcher, archivist } = byAgent;
    expect(orchestrator.parentId).toBeUndefined();
    expect(researcher.parentId).toBe(orchestrator.id);
    expect(archivist.parentId).toBe(researcher.id);
    expect(orchestrator.prompt).toBe('Research the archived newspapers of tea');
    expect(researcher.protocol).toBe('A2A');
    for (const hop of hops) {
      expect(hop).toMatchObject({ state: 'ok', status: 200, model: 'offline', costUsd: 0 });
      expect(hop.usage?.totalTokens).toBeGreaterThan(0);
      expect(hop.answer?.length).toBeGreaterThan(0);
    }
    expect(researcher.answer).toContain('archivist');
    expect(orchestrator.totalUsage?.totalTokens).toBe(
      (orchestrator.usage?.totalTokens ?? 0) +
        (researcher.usage?.totalTokens ?? 0) +
        (archivist.usage?.totalTokens ?? 0),
    );
  });
});
