import { describe, expect, it } from 'vitest';
import type { Delegation } from '../../src/agent-runtime/protocol';
import type { RoutingCase } from '../../src/evals/cases';
import {
  describeExpectation,
  describeRun,
  formatFailures,
  formatSummary,
  formatTable,
  jsonReport,
  junitReport,
  percentile,
  summarize,
  xml,
} from '../../src/evals/report';
import { type EvalResult, failedRun, judge, verdict } from '../../src/evals/run';
import type { EvalTarget } from '../../src/evals/target';
import { findAll, parseXml } from './parse-xml';

const tokens = (totalTokens: number) => ({
  inputTokens: totalTokens / 2,
  outputTokens: totalTokens / 2,
  totalTokens,
});
const call = (agent: string, delegations: Delegation[] = []): Delegation => ({
  agent,
  tool: `call_${agent}`,
  sessionId: 's'.repeat(40),
  ok: true,
  durationMs: 3,
  attempts: 1,
  model: 'offline',
  usage: tokens(10),
  delegations,
});
const answered = (delegations: Delegation[], durationMs: number, response = 'done') => ({
  sessionId: `cli-${durationMs}`,
  response,
  delegations,
  durationMs,
  model: 'offline',
  usage: tokens(20),
  totalUsage: tokens(40),
});

const research: RoutingCase = {
  name: 'reaches archivist',
  prompt: 'Find the archived study',
  expect: { delegates: ['archivist'] },
};
// A name with every character XML escapes, and one it cannot hold at all.
const tricky: RoutingCase = {
  name: 'poem <"&\'> to researcher',
  prompt: 'Write a poem',
  expect: { delegates: ['researcher'], answerIncludes: ['rhyme'] },
};
const greeting: RoutingCase = {
  name: 'greets',
  prompt: 'Hello',
  expect: { notDelegates: ['researcher', 'writer'], maxMs: 1000 },
};
const target: EvalTarget = {
  kind: 'local',
  arn: 'arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/team_orchestrator-local',
  endpointUrl: 'http://127.0.0.1:1234',
  model: 'offline',
  casesFile: 'evals/routing.json',
};

function evaluation(repeat: number): EvalResult {
  const runs = (make: (i: number) => ReturnType<typeof judge>) =>
    Array.from({ length: repeat }, (_, i) => make(i));
  return {
    repeat,
    minPassRate: 1,
    durationMs: 2345,
    startedAt: '2026-12-01T10:00:00.000Z',
    cases: [
      verdict(
        research,
        runs((i) => judge(research, answered([call('researcher', [call('archivist')])], 100 + i))),
        1,
      ),
      verdict(
        tricky,
        runs((i) =>
          i === 1
            ? failedRun(tricky, new Error('socket hang up \u0000'), 30)
            : judge(
                tricky,
                answered([call(i === 0 ? 'writer' : 'researcher')], 200, 'A rhyme \u0007'),
              ),
        ),
        1,
      ),
      verdict(
        greeting,
        runs(() => judge(greeting, answered([], 10))),
        1,
      ),
    ],
  };
}

describe('the figures of an evaluation', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(19);
  });

  it('counts cases, routing accuracy over routing runs only, latency, tokens and cost', () => {
    expect(summarize(evaluation(1))).toEqual({
      cases: 3,
      casesPassed: 2,
      runs: 3,
      runsPassed: 2,
      routingRuns: 3,
      routedRuns: 2,
      routingAccuracy: 2 / 3,
      p50Ms: 100,
      p95Ms: 200,
      totalTokens: 120,
      costUsd: 0,
      durationMs: 2345,
    });
    const summary = summarize(evaluation(3));
    expect(summary).toMatchObject({ runs: 9, routingRuns: 9, routedRuns: 7, totalTokens: 320 });
    expect(formatSummary(summary)).toBe(
      '2 of 3 cases passed · routing accuracy 78% (7 of 9 runs) · latency p50 100 ms, p95 200 ms · 320 tokens · $0 · 9 runs in 2.3 s',
    );
  });

  it('says the cost is unknown rather than a total that leaves a model out', () => {
    const result = evaluation(1);
    const unpriced = judge(research, { ...answered([call('archivist')], 5), model: 'my.model' });
    const summary = summarize({
      ...result,
      cases: [...result.cases, verdict(research, [unpriced], 1)],
    });
    expect(summary.costUsd).toBeUndefined();
    expect(formatSummary(summary)).toContain('cost unknown (a model has no price)');
  });
});

describe('the table', () => {
  it('shows each case: expected, where it went (nested with the chain), pass, ms, tokens', () => {
    expect(formatTable(evaluation(1))).toEqual([
      'case                      expected                           delegated               pass   ms  tokens',
      'reaches archivist         archivist                          researcher → archivist  PASS  100      40',
      'poem <"&\'> to researcher  researcher; says "rhyme"           writer                  FAIL  200      40',
      'greets                    not researcher, writer; ≤ 1000 ms  none                    PASS   10      40',
    ]);
    expect(formatFailures(evaluation(1))).toEqual([
      'FAIL poem <"&\'> to researcher: did not delegate to researcher',
    ]);
  });

  it('with repeated runs: each routing with its count, passed runs, medians', () => {
    const table = formatTable(evaluation(3));
    expect(table[1]).toMatch(/^reaches archivist .* 3\/3 PASS {2}101 {6}40$/);
    expect(table[2]).toContain('writer ×1 | (no answer) ×1 | researcher ×1');
    expect(table[2]).toContain('1/3 FAIL');
    expect(formatFailures(evaluation(3))).toEqual([
      'FAIL poem <"&\'> to researcher: 1/3 runs passed, 100% needed; did not delegate to researcher (1 of 3 runs); the call failed: socket hang up \u0000 (1 of 3 runs)',
    ]);
  });

  it('shows a nested call by its chain, and a failed call as failed', () => {
    const run = judge(research, {
      ...answered(
        [
          call('researcher', [call('archivist')]),
          { ...call('writer'), ok: false, error: 'boom' },
          call('research'),
        ],
        5,
      ),
    });
    expect(describeRun(run)).toBe('researcher → archivist, writer (failed), research');
    expect(describeRun(failedRun(research, new Error('x'), 1))).toBe('(no answer)');
  });

  it('says what each case expects in a few words', () => {
    expect(describeExpectation({ delegates: ['a', 'b'], answerIncludes: ['x'] })).toBe(
      'a; b; says "x"',
    );
  });
});

describe('the machine-readable reports', () => {
  it('JSON: every case with its runs, and the summary', () => {
    const report = JSON.parse(JSON.stringify(jsonReport(evaluation(3), target)));
    expect(report.summary).toMatchObject({ cases: 3, casesPassed: 2 });
    expect(report.target).toEqual(target);
    expect(report.cases[0]).toMatchObject({
      name: 'reaches archivist',
      pass: true,
      passRate: 1,
      expect: { delegates: ['archivist'] },
    });
    expect(report.cases[0].runs).toHaveLength(3);
    expect(report.cases[0].runs[0].reached).toEqual([
      { agent: 'researcher', via: [], ok: true },
      { agent: 'archivist', via: ['researcher'], ok: true },
    ]);
    expect(report.cases[1].passRate).toBeCloseTo(1 / 3);
  });

  it('JUnit: well-formed for a strict XML parser, whatever the names and answers hold', () => {
    const parsed = parseXml(junitReport(evaluation(3), target));
    expect(parsed.tag).toBe('testsuites');
    expect(parsed.attrib).toMatchObject({ tests: '3', failures: '1', errors: '0', time: '2.345' });
    const [suite] = findAll(parsed, 'testsuite');
    expect(suite.attrib).toMatchObject({
      name: 'evals/routing.json',
      timestamp: '2026-12-01T10:00:00.000Z',
    });
    const properties = Object.fromEntries(
      findAll(suite, 'property').map((p) => [p.attrib.name, p.attrib.value]),
    );
    expect(properties).toMatchObject({ target: 'local', repeat: '3', model: 'offline' });
    const cases = findAll(suite, 'testcase');
    expect(cases.map((c) => c.attrib.name)).toEqual([
      'reaches archivist',
      'poem <"&\'> to researcher',
      'greets',
    ]);
    expect(cases[0].attrib).toMatchObject({ classname: 'evals/routing.json', time: '0.303' });
    expect(findAll(cases[0], 'failure')).toEqual([]);
    const [failure] = findAll(cases[1], 'failure');
    expect(failure.attrib.message).toBe(
      '1/3 runs passed: did not delegate to researcher; the call failed: socket hang up ',
    );
    expect(failure.attrib.type).toBe('routing');
    expect(findAll(cases[1], 'system-out')[0].text).toContain('run 2: FAIL: the call failed');
  });

  it('JUnit: a case no run got an answer for is an error, not a failure', () => {
    const down = verdict(research, [failedRun(research, new Error('ECONNREFUSED'), 1)], 1);
    const parsed = parseXml(
      junitReport({ ...evaluation(1), cases: [down] }, { ...target, kind: 'deployed' }),
    );
    expect(parsed.attrib).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(findAll(parsed, 'error')[0].attrib).toMatchObject({
      type: 'call',
      message: '0/1 runs passed: the call failed: ECONNREFUSED',
    });
  });

  it('escapes markup and drops what XML cannot hold', () => {
    expect(xml('a<b>&"c\'\u0000\u0008\uD800\u{1F600}\t')).toBe(
      'a&lt;b&gt;&amp;&quot;c&apos;\u{1F600}\t',
    );
  });
});
