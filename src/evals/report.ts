import { formatUsd } from '../spec/prices';
import type { Expectation } from './cases';
import type { CaseResult, CaseRun, EvalResult, Reached } from './run';
import type { EvalTarget } from './target';

/** The figures of a whole evaluation. */
export interface EvalSummary {
  readonly cases: number;
  readonly casesPassed: number;
  readonly runs: number;
  readonly runsPassed: number;
  /** Runs of cases that expect something of the routing (`delegates`, `notDelegates`). */
  readonly routingRuns: number;
  /** Of those, the runs whose routing held. */
  readonly routedRuns: number;
  /** `routedRuns / routingRuns`; undefined when no case expects anything of the routing. */
  readonly routingAccuracy?: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Tokens of every run, when the agents reported them. */
  readonly totalTokens?: number;
  /** Estimated cost of every run; undefined when a run's model has no known price. */
  readonly costUsd?: number;
  /** Wall time of all the runs. */
  readonly durationMs: number;
}

export function summarize(result: EvalResult): EvalSummary {
  const runs = result.cases.flatMap((c) => c.runs);
  const routing = runs.filter((r) => r.routed !== undefined);
  const routedRuns = routing.filter((r) => r.routed).length;
  const ms = runs.map((r) => r.durationMs);
  const counted = runs.filter((r) => r.totalTokens !== undefined);
  const costUnknown = counted.some((r) => r.costUsd === undefined);
  return {
    cases: result.cases.length,
    casesPassed: result.cases.filter((c) => c.pass).length,
    runs: runs.length,
    runsPassed: runs.filter((r) => r.pass).length,
    routingRuns: routing.length,
    routedRuns,
    ...(routing.length > 0 ? { routingAccuracy: routedRuns / routing.length } : {}),
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    ...(counted.length > 0
      ? { totalTokens: counted.reduce((sum, r) => sum + (r.totalTokens ?? 0), 0) }
      : {}),
    ...(counted.length > 0 && !costUnknown
      ? { costUsd: counted.reduce((sum, r) => sum + (r.costUsd ?? 0), 0) }
      : {}),
    durationMs: result.durationMs,
  };
}

/** The nearest-rank percentile of some numbers; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One row per case: its name, what it expects, where the request went, whether it passed
 * and what it took. With several runs a case shows each distinct routing with how often
 * it happened, passed runs over runs, and the median time and tokens.
 */
export function formatTable(result: EvalResult): string[] {
  const header = ['case', 'expected', 'delegated', 'pass', 'ms', 'tokens'];
  const rows = result.cases.map((c) => [
    clip(c.case.name, 40),
    clip(describeExpectation(c.case.expect), 36),
    clip(describeRouting(c.runs), 44),
    result.repeat > 1 ? `${passCount(c)} ${c.pass ? 'PASS' : 'FAIL'}` : c.pass ? 'PASS' : 'FAIL',
    String(median(c.runs.map((r) => r.durationMs))),
    tokensCell(c.runs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Each failed case with its reasons: `FAIL reaches writer: did not delegate to writer`. */
export function formatFailures(result: EvalResult): string[] {
  return result.cases
    .filter((c) => !c.pass)
    .map((c) => {
      const reasons = distinct(c.runs.flatMap((r) => r.failures));
      const rate =
        result.repeat > 1
          ? `${passCount(c)} runs passed, ${percent(result.minPassRate)} needed; `
          : '';
      const why = reasons.map(([reason, n]) =>
        result.repeat > 1 ? `${reason} (${n} of ${c.runs.length} runs)` : reason,
      );
      return `FAIL ${c.case.name}: ${rate}${why.join('; ')}`;
    });
}

/**
 * The closing line: `3 of 4 cases passed · routing accuracy 75% (3 of 4 runs) · p50 …`.
 */
export function formatSummary(summary: EvalSummary): string {
  const accuracy =
    summary.routingAccuracy === undefined
      ? []
      : [
          `routing accuracy ${percent(summary.routingAccuracy)} (${summary.routedRuns} of ${summary.routingRuns} runs)`,
        ];
  const tokens =
    summary.totalTokens === undefined
      ? []
      : [`${summary.totalTokens.toLocaleString('en-US')} tokens`];
  const cost =
    summary.totalTokens === undefined
      ? []
      : [
          summary.costUsd === undefined
            ? 'cost unknown (a model has no price)'
            : formatUsd(summary.costUsd),
        ];
  return [
    `${summary.casesPassed} of ${summary.cases} cases passed`,
    ...accuracy,
    `latency p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms`,
    ...tokens,
    ...cost,
    `${summary.runs} runs in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join(' · ');
}

/** The whole evaluation as data, for scripts and dashboards. */
export function jsonReport(result: EvalResult, target: EvalTarget): Record<string, unknown> {
  return {
    startedAt: result.startedAt,
    target,
    repeat: result.repeat,
    minPassRate: result.minPassRate,
    summary: summarize(result),
    cases: result.cases.map((c) => ({
      name: c.case.name,
      prompt: c.case.prompt,
      expect: c.case.expect,
      pass: c.pass,
      passRate: c.passRate,
      runs: c.runs,
    })),
  };
}

/**
 * The evaluation as JUnit XML, which CI systems show as tests: one test case per case,
 * failed when its pass rate fell short (an error when no run got an answer at all).
 */
export function junitReport(result: EvalResult, target: EvalTarget): string {
  const summary = summarize(result);
  const errored = (c: CaseResult) => !c.pass && c.runs.every((r) => r.error !== undefined);
  const errors = result.cases.filter(errored).length;
  const failures = result.cases.filter((c) => !c.pass).length - errors;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const counts = `tests="${result.cases.length}" failures="${failures}" errors="${errors}"`;
  const cases = result.cases.map((c) => {
    const attributes = `name="${xml(c.case.name)}" classname="${xml(target.casesFile)}" time="${seconds(c.runs.reduce((sum, r) => sum + r.durationMs, 0))}"`;
    const out = `    <system-out>${xml(runsText(c))}</system-out>\n`;
    if (c.pass) return `  <testcase ${attributes}>\n${out}  </testcase>`;
    const kind = errored(c) ? 'error' : 'failure';
    const reasons = distinct(c.runs.flatMap((r) => r.failures)).map(([reason]) => reason);
    const message = `${passCount(c)} runs passed: ${reasons.join('; ')}`;
    return `  <testcase ${attributes}>\n    <${kind} message="${xml(message)}" type="${kind === 'error' ? 'call' : 'routing'}">${xml(reasons.join('\n'))}</${kind}>\n${out}  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="agentcore-multiagent eval" ${counts} time="${seconds(summary.durationMs)}">`,
    `<testsuite name="${xml(target.casesFile)}" ${counts} skipped="0" time="${seconds(summary.durationMs)}" timestamp="${xml(result.startedAt)}">`,
    '<properties>',
    `  <property name="target" value="${xml(target.kind)}"/>`,
    `  <property name="arn" value="${xml(target.arn)}"/>`,
    ...(target.model ? [`  <property name="model" value="${xml(target.model)}"/>`] : []),
    `  <property name="repeat" value="${result.repeat}"/>`,
    `  <property name="minPassRate" value="${result.minPassRate}"/>`,
    '</properties>',
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** `researcher; not writer; says "sources"; ≤ 5000 ms`. */
export function describeExpectation(expect: Expectation): string {
  return [
    ...(expect.delegates ?? []),
    ...(expect.notDelegates?.length ? [`not ${expect.notDelegates.join(', ')}`] : []),
    ...(expect.answerIncludes ?? []).map((t) => `says "${t}"`),
    ...(expect.maxMs !== undefined ? [`≤ ${expect.maxMs} ms`] : []),
  ].join('; ');
}

/**
 * Where one run went: `researcher → archivist, writer (failed)`, a nested call shown by
 * the chain that led to it; `none` when the orchestrator answered itself; `(no answer)`
 * when the call failed.
 */
export function describeRun(run: CaseRun): string {
  if (run.error !== undefined) return '(no answer)';
  if (run.reached.length === 0) return 'none';
  const chain = (r: Reached) => [...r.via, r.agent];
  // An agent that called others is named in their chains already.
  const called = (r: Reached) =>
    run.reached.some((other) => chain(r).every((agent, i) => other.via[i] === agent));
  const hops = run.reached
    .filter((r) => !called(r))
    .map((r) => `${chain(r).join(' → ')}${r.ok ? '' : ' (failed)'}`);
  return [...new Set(hops)].join(', ');
}

/** Where the runs of a case went: one routing, or each with how many runs took it. */
function describeRouting(runs: readonly CaseRun[]): string {
  const routings = distinct(runs.map(describeRun));
  if (routings.length === 1) return routings[0][0];
  return routings.map(([routing, n]) => `${routing} ×${n}`).join(' | ');
}

/** Every run as a line, for a test case's output. */
function runsText(c: CaseResult): string {
  return c.runs
    .map((r, i) => {
      const outcome = r.pass ? 'pass' : `FAIL: ${r.failures.join('; ')}`;
      const tokens = r.totalTokens === undefined ? '' : `, ${r.totalTokens} tokens`;
      const session = r.sessionId ? `, session ${r.sessionId}` : '';
      return `run ${i + 1}: ${outcome}; delegated ${describeRun(r)}; ${r.durationMs} ms${tokens}${session}`;
    })
    .join('\n');
}

function passCount(c: CaseResult): string {
  return `${c.runs.filter((r) => r.pass).length}/${c.runs.length}`;
}

function tokensCell(runs: readonly CaseRun[]): string {
  const counted = runs.flatMap((r) => (r.totalTokens === undefined ? [] : [r.totalTokens]));
  return counted.length === 0 ? '-' : median(counted).toLocaleString('en-US');
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Each distinct value with how often it occurs, in order of first appearance. */
function distinct(values: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts];
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Text as XML 1.0 attribute or element content: the five markup characters escaped, and
 * the characters XML cannot hold at all (most control characters, lone surrogates)
 * dropped, so a stray byte in an answer never makes the report unreadable.
 */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
