import { describe, expect, it } from 'vitest';
import { AgentGraph, validateSystem } from '../../src';
import { renderAgentGraphSection, renderSystemFiles } from '../../src/render/files';
import {
  AGENT_GRAPH_SECTION,
  sectionEnd,
  sectionStart,
  upsertSection,
} from '../../src/render/sections';

const diamond = () =>
  AgentGraph.fromSpec(
    validateSystem({
      name: 'diamond',
      agents: [
        {
          name: 'boss',
          role: 'orchestrator',
          description: 'Entry point.',
          calls: ['left', 'right'],
        },
        {
          name: 'left',
          role: 'specialist',
          description: 'Left *branch* with "quotes" and <tags>.',
          calls: ['end'],
        },
        { name: 'right', role: 'specialist', description: 'Right branch.', calls: ['end'] },
        { name: 'end', role: 'specialist', description: 'Shared leaf.\n# not a heading' },
      ],
    }),
  );

describe('the agent-graph README section', () => {
  it('draws every agent, every delegation and the deploy levels', () => {
    const section = renderAgentGraphSection(diamond());
    const mermaid = section.slice(section.indexOf('```mermaid'), section.lastIndexOf('```'));
    expect(mermaid).toContain('subgraph level2["Deploy level 2"]');
    expect(mermaid.indexOf('level2')).toBeLessThan(mermaid.indexOf('level0'));
    expect(mermaid.match(/-->/g)).toHaveLength(4);
    expect(mermaid).toContain('a_boss -->|call_left| a_left');
    // "end" is a Mermaid keyword; node ids are prefixed so an agent may be called that.
    expect(mermaid).toContain('a_left -->|call_end| a_end');
    expect(section).toContain(
      '| left | specialist | end | 1 | `diamond_left` | `LEFT_AGENT_ARN` |',
    );
    expect(section).toContain('| boss | orchestrator | left, right | 2 | `diamond_boss` | - |');
    expect(section).toContain('| end | specialist | nobody | 0 |');
  });

  it('shows each stage: its stack, account, Region, network, models and runtime names', () => {
    const spec = validateSystem({
      name: 'team',
      memory: {},
      stages: {
        dev: {},
        prod: {
          region: 'eu-west-1',
          account: '123456789012',
          modelId: 'eu.anthropic.claude-sonnet-4-6',
          agents: { writer: { modelId: 'amazon.nova-pro-v1:0' } },
        },
      },
      agents: [
        { name: 'boss', role: 'orchestrator', description: 'Routes.' },
        { name: 'writer', role: 'specialist', description: 'Writes.' },
      ],
    });
    const section = renderAgentGraphSection(AgentGraph.fromSpec(spec));
    expect(section).toContain('`npx projen deploy --stage dev`');
    expect(section).toContain(
      "| dev | `team-dev` | the CDK CLI's | `us-east-1` | PUBLIC | `global.anthropic.claude-sonnet-4-6` |",
    );
    expect(section).toContain(
      '| prod | `team-prod` | `123456789012` | `eu-west-1` | PUBLIC | `eu.anthropic.claude-sonnet-4-6`; writer: `amazon.nova-pro-v1:0` |',
    );
    expect(section).toContain(
      '| writer | specialist | nobody | 0 | `team_dev_writer`, `team_prod_writer` | `WRITER_AGENT_ARN` |',
    );
    expect(section).toContain(
      'one AgentCore Memory per stage\n(`team_dev_memory`, `team_prod_memory`)',
    );
    // Without stages, none of it.
    const { stages: _stages, ...plain } = spec;
    const without = renderAgentGraphSection(AgentGraph.fromSpec(plain));
    expect(without).not.toContain('stage');
    expect(without).toContain('one AgentCore Memory, `team_memory`, for');
  });

  it('escapes user text for Markdown', () => {
    const section = renderAgentGraphSection(diamond());
    expect(section).toContain('Left \\*branch\\* with "quotes" and \\<tags\\>.');
    expect(section).toContain('Shared leaf.<br>\\# not a heading');
  });

  it('renders byte-identical files from the same spec', () => {
    const a = renderSystemFiles(diamond(), '{}');
    const b = renderSystemFiles(diamond(), '{}');
    expect(b).toEqual(a);
    expect(a.map((f) => [f.path, f.ownership])).toEqual([
      ['agents.json', 'user'],
      ['README.md', 'user'],
    ]);
  });
});

describe('managed sections in user-owned files', () => {
  const id = AGENT_GRAPH_SECTION;

  it('replaces only what stands between the markers', () => {
    const file = `# Mine\n\nintro\n\n${sectionStart(id)}\nold\n${sectionEnd(id)}\n\nmy notes\n`;
    expect(upsertSection(file, id, 'new')).toBe(
      `# Mine\n\nintro\n\n${sectionStart(id)}\nnew\n${sectionEnd(id)}\n\nmy notes\n`,
    );
  });

  it('appends the section to a file that has none', () => {
    expect(upsertSection('# Mine\n', id, 'body')).toBe(
      `# Mine\n\n${sectionStart(id)}\nbody\n${sectionEnd(id)}\n`,
    );
  });

  it('refuses a file with one marker cut away, and says how to repair it', () => {
    expect(() => upsertSection(`${sectionStart(id)}\nold\n`, id, 'x')).toThrow(
      /missing or misplaced marker; restore both lines/,
    );
  });
});
