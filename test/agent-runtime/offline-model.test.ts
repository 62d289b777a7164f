import { Agent, tool } from '@strands-agents/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OfflineModel } from '../../src/agent-runtime/offline-model';
import { chooseTools, stems } from '../../src/agent-runtime/offline-plan';

const spec = (name: string, description: string) => ({
  name,
  description,
  inputSchema: { type: 'object' as const, properties: {} },
});

describe('OfflineModel tool choice', () => {
  const tools = [
    spec('call_researcher', 'Researches a topic in depth and reports the key facts with sources.'),
    spec('call_writer', 'Drafts prose: turns notes into a clear, well-structured essay or poem.'),
  ];

  it('picks the tool whose description or name shares words with the prompt', () => {
    expect(chooseTools('Please research the Roman roads', tools)).toEqual(['call_researcher']);
    expect(chooseTools('Draft an essay on tea', tools)).toEqual(['call_writer']);
    expect(chooseTools('Ask the writer for help', tools)).toEqual(['call_writer']);
    expect(chooseTools('Research the history of tea and draft a poem', tools)).toEqual([
      'call_writer',
      'call_researcher',
    ]);
  });

  it('picks nothing when no word matches, so simple requests are answered directly', () => {
    expect(chooseTools('Hello, how are you?', tools)).toEqual([]);
    expect(chooseTools('', tools)).toEqual([]);
  });

  it('reduces words to stems and ignores filler', () => {
    expect([...stems('Researches the writers with sources')]).toEqual([
      'research',
      'writ',
      'sourc',
    ]);
  });
});

describe('OfflineModel in the real Strands agent loop', () => {
  it('calls the matching tool with the prompt, then answers from its result', async () => {
    const queries: string[] = [];
    const researcher = tool({
      name: 'call_researcher',
      description: 'Researches a topic in depth.',
      inputSchema: z.object({ query: z.string() }),
      callback: ({ query }) => {
        queries.push(query);
        return 'the Nile is 6650 km long';
      },
    });
    const agent = new Agent({
      model: new OfflineModel({ agentName: 'orchestrator' }),
      tools: [researcher],
      printer: false,
    });
    const result = await agent.invoke('Research how long the Nile is');
    expect(queries).toEqual(['Research how long the Nile is']);
    expect(result.toString()).toContain('call_researcher answered: the Nile is 6650 km long');
  });

  it('reports a failing tool as such instead of failing the turn', async () => {
    const broken = tool({
      name: 'call_researcher',
      description: 'Researches a topic.',
      inputSchema: z.object({ query: z.string() }),
      callback: () => {
        throw new Error('researcher is busy');
      },
    });
    const agent = new Agent({
      model: new OfflineModel({ agentName: 'o' }),
      tools: [broken],
      printer: false,
    });
    const result = await agent.invoke('Research tides');
    expect(result.toString()).toContain('call_researcher failed:');
    expect(result.toString()).toContain('researcher is busy');
  });

  it('quotes earlier turns of the conversation', async () => {
    const agent = new Agent({ model: new OfflineModel({ agentName: 'a' }), printer: false });
    await agent.invoke('First words');
    const second = await agent.invoke('Second words');
    expect(second.toString()).toBe(
      'a (offline model) received: "Second words". Earlier in this session you said: "First words".',
    );
  });
});
