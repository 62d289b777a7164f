import { describe, expect, it } from 'vitest';
import { baggageEntry, outcomeOf, withBaggageEntry } from '../../src/dev/call-reading';
import { type Hop, HopLog, TEXT_LIMIT } from '../../src/dev/hop-log';

const call = (agent: string, parentId?: string) => ({
  agent,
  protocol: 'HTTP' as const,
  sessionId: 's',
  prompt: `ask ${agent}`,
  ...(parentId ? { parentId } : {}),
});
const used = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

describe('the hop log', () => {
  it('links a call to the hop that made it, prices it, and rolls the cost up', () => {
    const prices = { acme: { inputPerMillionTokens: 1e6, outputPerMillionTokens: 2e6 } };
    const log = new HopLog(prices);
    const seen: Hop[] = [];
    log.subscribe((hop) => seen.push(hop));
    const root = log.start(call('orchestrator'));
    const child = log.start(call('writer', root.id));
    expect(child.parentId).toBe(root.id);
    log.finish(child.id, { ok: true, status: 200, model: 'acme', usage: used(3, 1) });
    const done = log.finish(root.id, { ok: true, status: 200, model: 'acme', usage: used(10, 2) });
    expect(done).toMatchObject({ state: 'ok', costUsd: 14, totalCostUsd: 19 });
    expect(seen.map((h) => [h.agent, h.state])).toEqual([
      ['orchestrator', 'running'],
      ['writer', 'running'],
      ['writer', 'ok'],
      ['orchestrator', 'ok'],
    ]);
    expect(log.recent().map((h) => h.agent)).toEqual(['orchestrator', 'writer']);
  });

  it('shows no cost for a model of unknown price, and treats an unknown parent as none', () => {
    const log = new HopLog();
    const orphan = log.start(call('writer', 'ffffffffffffffff'));
    expect(orphan.parentId).toBeUndefined();
    const done = log.finish(orphan.id, { ok: true, model: 'acme.unknown', usage: used(1, 1) });
    expect(done?.costUsd).toBeUndefined();
    expect(done?.totalCostUsd).toBeUndefined();
  });

  it('keeps the most recent requests with their hops, and cuts long texts', () => {
    const log = new HopLog({}, 2);
    const first = log.start(call('a'));
    log.start(call('b', first.id));
    log.start(call('c'));
    log.start({ ...call('d'), prompt: 'x'.repeat(TEXT_LIMIT + 10) });
    const kept = log.recent();
    expect(kept.map((h) => h.agent)).toEqual(['c', 'd']);
    expect(log.get(first.id)).toBeUndefined();
    expect(kept[1].prompt).toHaveLength(TEXT_LIMIT + 1);
  });
});

describe('reading calls', () => {
  it('reads and sets one baggage entry, keeping the others', () => {
    expect(baggageEntry('a=1,agentcore-local-hop=abc;prop=x, b=2', 'agentcore-local-hop')).toBe(
      'abc',
    );
    expect(baggageEntry(undefined, 'k')).toBeUndefined();
    expect(withBaggageEntry('a=1,k=old', 'k', 'new')).toBe('k=new,a=1');
    expect(withBaggageEntry(undefined, 'k', 'v')).toBe('k=v');
  });

  it('reads a failure as the caller was told, and an A2A stream as its text and report', () => {
    expect(outcomeOf('HTTP', 424, 'application/json', '{"message":"writer failed"}')).toEqual({
      ok: false,
      status: 424,
      error: 'writer failed',
    });
    const event = (result: object) =>
      `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result })}\n\n`;
    const stream =
      event({ kind: 'artifact-update', artifact: { parts: [{ kind: 'text', text: 'Hel' }] } }) +
      event({
        kind: 'artifact-update',
        lastChunk: true,
        artifact: {
          parts: [{ kind: 'text', text: 'lo' }],
          metadata: { agentcoreMultiagentReport: { agent: 'r', model: 'm', usage: used(1, 2) } },
        },
      }) +
      event({ kind: 'status-update', status: { state: 'completed' } });
    expect(outcomeOf('A2A', 200, 'text/event-stream', stream)).toMatchObject({
      ok: true,
      answer: 'Hello',
      model: 'm',
      usage: used(1, 2),
    });
  });
});
