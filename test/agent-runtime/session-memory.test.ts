import type { Event } from '@aws-sdk/client-bedrock-agentcore';
import { Message, TextBlock } from '@strands-agents/sdk';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACTOR_ID,
  memoryActorId,
  memorySessionId,
} from '../../src/agent-runtime/memory-contract';
import { planTurn } from '../../src/agent-runtime/offline-plan';
import { conversationOf } from '../../src/agent-runtime/session-memory';

const event = (at: number, ...turns: Array<[string, string]>): Event => ({
  memoryId: 'm-local00000',
  actorId: 'ada',
  sessionId: 's',
  eventId: `${at}#00`,
  eventTimestamp: new Date(at),
  payload: turns.map(([role, text]) => ({
    conversational: { role: role as 'USER', content: { text } },
  })),
});

const shape = (messages: Message[]) =>
  messages.map((m) => [m.role, m.content.map((b) => (b.type === 'textBlock' ? b.text : b.type))]);

describe('a session restored from its events', () => {
  it('is in time order, whatever order the service lists events in', () => {
    const restored = conversationOf([
      event(2000, ['USER', 'second'], ['ASSISTANT', 'answer 2']),
      event(1000, ['USER', 'first'], ['ASSISTANT', 'answer 1']),
    ]);
    expect(shape(restored)).toEqual([
      ['user', ['first']],
      ['assistant', ['answer 1']],
      ['user', ['second']],
      ['assistant', ['answer 2']],
    ]);
  });

  it('joins turns of one role, starts with the user and ends with an answer', () => {
    const restored = conversationOf([
      event(1000, ['ASSISTANT', 'a greeting nobody asked for']),
      event(2000, ['USER', 'one'], ['USER', 'two'], ['ASSISTANT', 'both'], ['ASSISTANT', 'more']),
      event(3000, ['OTHER', 'a tool'], ['USER', 'never answered']),
    ]);
    expect(shape(restored)).toEqual([
      ['user', ['one', 'two']],
      ['assistant', ['both', 'more']],
    ]);
    expect(conversationOf([])).toEqual([]);
  });
});

describe('memory ids', () => {
  it('keeps a valid session id, and maps any other to a stable, distinct valid one', () => {
    const plain = 'a'.repeat(40);
    expect(memorySessionId(plain)).toBe(plain);
    const odd = 'Session:With/Odd Characters and more than enough of them';
    expect(memorySessionId(odd)).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/);
    // Stable beyond one call: each agent of a session maps it in its own process, and a
    // later release must map it the same way to find the session's stored events again.
    expect(memorySessionId(odd)).toBe(
      'Session-With-Odd-Characters-and-mor-81bbb413ec5ff8330d5f105528c581f1',
    );
    expect(memorySessionId(`${odd}!`)).not.toBe(memorySessionId(odd));
    const long = 'x'.repeat(256);
    expect(memorySessionId(long).length).toBeLessThanOrEqual(100);
  });

  it('uses the user id as the actor, made safe, and a documented default without one', () => {
    expect(memoryActorId(undefined)).toBe(DEFAULT_ACTOR_ID);
    expect(memoryActorId('')).toBe(DEFAULT_ACTOR_ID);
    expect(memoryActorId('ada')).toBe('ada');
    // A slash would nest one actor's namespace inside another's.
    const nested = memoryActorId('ada/admin');
    expect(nested).toMatch(/^ada-admin-[0-9a-f]{32}$/);
    expect(memoryActorId('ada@example.com')).toMatch(/^ada-example-com-[0-9a-f]{32}$/);
  });
});

describe('the offline model with long-term records', () => {
  it('quotes the records it was given, and routes by the user’s words alone', () => {
    const prompt = new Message({
      role: 'user',
      content: [
        new TextBlock('Which colour do I like?'),
        new TextBlock(
          '\n\n<memory>\n<entry source="agentcore-memory">My favourite colour is teal &amp; &lt;blue&gt;</entry>\n</memory>',
        ),
      ],
    });
    const tool = {
      name: 'call_researcher',
      description: 'Researches favourite topics',
      inputSchema: {},
    };
    expect(planTurn('lead', [prompt], [tool])).toEqual({
      kind: 'text',
      text: 'lead (offline model) received: "Which colour do I like?". From long-term memory: "My favourite colour is teal & <blue>".',
    });
  });
});
