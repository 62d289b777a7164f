import { describe, expect, it } from 'vitest';
import type { Delegation } from '../../src/agent-runtime/protocol';
import type { InvokeResult } from '../../src/dev/invoke';
import type { RoutingCase } from '../../src/evals/cases';
import { failedRun, judge, reachedAgents, runCases, verdict } from '../../src/evals/run';

const usage = (totalTokens: number) => ({
  inputTokens: totalTokens - 10,
  outputTokens: 10,
  totalTokens,
});

function delegation(agent: string, more: Partial<Delegation> = {}): Delegation {
  return {
    agent,
    tool: `call_${agent}`,
    sessionId: 's'.repeat(40),
    ok: true,
    durationMs: 5,
    attempts: 1,
    ...more,
  };
}

/** An answer as invokeAgent returns it for a generated orchestrator. */
function answer(delegations: Delegation[], more: Partial<InvokeResult> = {}): InvokeResult {
  return {
    sessionId: 'cli-session',
    response: 'Here are the Facts, with sources.',
    delegations,
    durationMs: 120,
    agent: 'orchestrator',
    model: 'anthropic.claude-haiku-4-5',
    usage: usage(100),
    totalUsage: usage(100),
    ...more,
  };
}

const routing = (expect: RoutingCase['expect']): RoutingCase => ({
  name: 'case',
  prompt: 'p',
  expect,
});

describe('judging an answer', () => {
  const nested = [
    delegation('researcher', {
      delegations: [delegation('archivist', { delegations: [delegation('librarian')] })],
    }),
    delegation('writer', { ok: false, error: 'RuntimeClientError: boom' }),
  ];

  it('lists every agent reached, nested calls with the chain above them', () => {
    expect(reachedAgents(nested)).toEqual([
      { agent: 'researcher', via: [], ok: true },
      { agent: 'archivist', via: ['researcher'], ok: true },
      { agent: 'librarian', via: ['researcher', 'archivist'], ok: true },
      { agent: 'writer', via: [], ok: false, error: 'RuntimeClientError: boom' },
    ]);
  });

  it('counts an expected agent reached through another agent', () => {
    const run = judge(routing({ delegates: ['librarian', 'researcher'] }), answer(nested));
    expect(run).toMatchObject({ pass: true, routed: true, failures: [] });
  });

  it('fails an expected agent that was not reached, or whose call failed', () => {
    const run = judge(routing({ delegates: ['critic', 'writer'] }), answer(nested));
    expect(run).toMatchObject({
      pass: false,
      routed: false,
      failures: [
        'did not delegate to critic',
        'delegated to writer, but the call failed: RuntimeClientError: boom',
      ],
    });
  });

  it('fails any call to an agent in notDelegates, nested or failed', () => {
    expect(judge(routing({ notDelegates: ['archivist'] }), answer(nested)).failures).toEqual([
      'delegated to archivist (through researcher), which it must not',
    ]);
    expect(judge(routing({ notDelegates: ['writer'] }), answer(nested)).failures).toEqual([
      'delegated to writer, which it must not',
    ]);
    expect(judge(routing({ notDelegates: ['critic'] }), answer(nested)).pass).toBe(true);
  });

  it('judges routing from the records, never from the wording of the answer', () => {
    const claims = answer([], { response: 'I asked the researcher and the writer.' });
    expect(judge(routing({ delegates: ['researcher'] }), claims).pass).toBe(false);
    expect(judge(routing({ notDelegates: ['researcher'] }), claims).pass).toBe(true);
  });

  it('checks answerIncludes ignoring case, and keeps it out of the routing verdict', () => {
    const run = judge(
      routing({ delegates: ['researcher'], answerIncludes: ['FACTS', 'citations'] }),
      answer(nested),
    );
    expect(run).toMatchObject({
      pass: false,
      routed: true,
      failures: ['the answer lacks "citations"'],
    });
  });

  it('checks maxMs against the time the caller measured', () => {
    expect(judge(routing({ maxMs: 120 }), answer([])).pass).toBe(true);
    const slow = judge(routing({ maxMs: 119 }), answer([]));
    expect(slow.failures).toEqual(['took 120 ms, more than maxMs 119']);
    // Nothing was expected of the routing, so the run does not count towards its accuracy.
    expect(slow.routed).toBeUndefined();
  });

  it('takes the tokens of the whole answer and prices every hop by its own model', () => {
    const priced = answer([delegation('researcher', { model: 'offline', usage: usage(50) })], {
      totalUsage: usage(150),
    });
    const run = judge(routing({ delegates: ['researcher'] }), priced);
    expect(run.totalTokens).toBe(150);
    // claude-haiku-4-5: $1 in, $5 out per million tokens; the offline model is free.
    expect(run.costUsd).toBeCloseTo((90 * 1 + 10 * 5) / 1e6, 12);
    const unknown = judge(routing({ maxMs: 1000 }), answer([], { model: 'my.own-model' }));
    expect(unknown.totalTokens).toBe(100);
    expect(unknown.costUsd).toBeUndefined();
    const own = { 'my.own-model': { inputPerMillionTokens: 1e6, outputPerMillionTokens: 0 } };
    expect(
      judge(routing({ maxMs: 1000 }), answer([], { model: 'my.own-model' }), own).costUsd,
    ).toBe(90);
  });

  it('fails a run whose call failed, routing included', () => {
    const run = failedRun(routing({ delegates: ['researcher'] }), new Error('refused'), 7, 'sid');
    expect(run).toMatchObject({
      pass: false,
      routed: false,
      failures: ['the call failed: refused'],
      error: 'refused',
      durationMs: 7,
    });
    expect(failedRun(routing({ maxMs: 5 }), new Error('x'), 1).routed).toBeUndefined();
  });
});

describe('a case over several runs', () => {
  const pass = judge(routing({ notDelegates: ['writer'] }), answer([]));
  const fail = judge(routing({ notDelegates: ['writer'] }), answer([delegation('writer')]));

  it('passes when the share of passed runs reaches the minimum', () => {
    expect(verdict(routing({}), [pass, fail, pass], 1)).toMatchObject({
      passRate: 2 / 3,
      pass: false,
    });
    expect(verdict(routing({}), [pass, fail, pass], 0.6)).toMatchObject({ pass: true });
    expect(verdict(routing({}), [fail, fail], 0)).toMatchObject({ passRate: 0, pass: true });
    expect(verdict(routing({}), [], 0).pass).toBe(false);
  });
});

describe('running cases', () => {
  it('runs each case repeat times in new sessions, at most `concurrency` at once, in order', async () => {
    let inFlight = 0;
    let most = 0;
    let sessions = 0;
    const sent: string[] = [];
    const result = await runCases(
      [routing({ notDelegates: ['writer'] }), { ...routing({ maxMs: 1 }), name: 'slow' }],
      {
        repeat: 3,
        concurrency: 2,
        newSessionId: () => `session-${++sessions}`,
        send: async (prompt, sessionId) => {
          sent.push(sessionId);
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          if (sessionId === 'session-2') throw new Error('throttled');
          return answer([], { sessionId, response: prompt, durationMs: 10 });
        },
      },
    );
    expect(most).toBe(2);
    expect(new Set(sent).size).toBe(6);
    expect(result.cases.map((c) => c.runs.map((r) => r.pass))).toEqual([
      [true, false, true],
      [false, false, false],
    ]);
    expect(result.cases[0].runs[1].error).toBe('throttled');
    expect(result.cases.map((c) => c.pass)).toEqual([false, false]);
    expect(result).toMatchObject({ repeat: 3, minPassRate: 1 });
  });
});
