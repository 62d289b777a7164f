import { describe, expect, it } from 'vitest';
import { AgentGraph } from '../../src/graph/agent-graph';
import { renderAgentFiles } from '../../src/render/agent-files';
import { validateSystem } from '../../src/spec/validate';
import { RESEARCH_TEAM } from '../dev/harness';

const graph = AgentGraph.fromSpec(validateSystem(RESEARCH_TEAM));

describe('renderAgentFiles', () => {
  const files = renderAgentFiles(graph);
  const file = (path: string) => {
    const found = files.find((f) => f.path === path);
    if (!found)
      throw new Error(`${path} was not rendered; got ${files.map((f) => f.path).join(', ')}`);
    return found;
  };

  it('writes agent.ts once for the user and manages the rest', () => {
    expect(
      files
        .filter((f) => f.path.startsWith('agents/researcher/'))
        .map((f) => [f.path, f.ownership]),
    ).toEqual([
      ['agents/researcher/src/agent.ts', 'user'],
      ['agents/researcher/src/generated/peers.ts', 'managed'],
      ['agents/researcher/src/generated/main.ts', 'managed'],
      ['agents/researcher/Dockerfile', 'managed'],
      ['agents/researcher/tsconfig.json', 'managed'],
    ]);
  });

  it('type-checks every agent with one shared config that each agent extends', () => {
    const shared = JSON.parse(file('tsconfig.agents.json').content);
    expect(shared.include).toEqual(
      ['orchestrator', 'researcher', 'writer'].map((a) => `agents/${a}/src/**/*.ts`),
    );
    expect(shared.compilerOptions).toMatchObject({ strict: true, noEmit: true });
    expect(JSON.parse(file('agents/writer/tsconfig.json').content)).toEqual({
      extends: '../../tsconfig.agents.json',
      include: ['src/**/*.ts'],
    });
  });

  it('gives a caller one binding per callee, named, described and addressed from the graph', () => {
    const peers = file('agents/orchestrator/src/generated/peers.ts').content;
    expect(peers.match(/peerTool\(\{/g)).toHaveLength(2);
    expect(peers).toContain("toolName: 'call_researcher'");
    expect(peers).toContain("envVar: 'RESEARCHER_AGENT_ARN'");
    expect(peers).toContain(
      "description: 'Researches a topic in depth and reports the key facts with sources.'",
    );
    expect(peers).toContain("toolName: 'call_writer'");
    expect(file('agents/writer/src/generated/peers.ts').content).not.toContain('peerTool({');
  });

  it('puts the spec prompt and model in the agent and serves it under its name', () => {
    const agent = file('agents/orchestrator/src/agent.ts').content;
    expect(agent).toContain(
      'Answers user requests and delegates research and writing to specialists.',
    );
    expect(agent).toContain("modelId: 'global.anthropic.claude-sonnet-4-6'");
    expect(file('agents/orchestrator/src/generated/main.ts').content).toContain(
      "serveAgent({ agentName: 'orchestrator', createAgent })",
    );
  });

  it('builds an arm64, non-root image holding only the bundle', () => {
    const docker = file('agents/writer/Dockerfile').content;
    expect(docker).toContain('FROM --platform=linux/arm64');
    expect(docker).toMatch(/node:22/);
    expect(docker).toContain('USER node');
    expect(docker.match(/^(COPY|ADD) .*/gm)).toEqual(['COPY --chown=node:node index.mjs ./']);
    // The compile cache is made as the unprivileged user, after the switch.
    expect(docker.indexOf('USER node')).toBeLessThan(
      docker.indexOf('RUN AGENT_PREPARE_COMPILE_CACHE=1'),
    );
    expect(docker.trimEnd().endsWith('CMD ["node", "index.mjs"]')).toBe(true);
  });

  it('renders the same bytes from the same graph', () => {
    expect(renderAgentFiles(graph)).toEqual(files);
  });
});
