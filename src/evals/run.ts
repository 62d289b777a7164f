import type { Delegation } from '../agent-runtime/protocol';
import type { InvokeResult } from '../dev/invoke';
import { limit } from '../dev/limit';
import { type ModelPrice, totalCostUsd } from '../spec/prices';
import type { RoutingCase } from './cases';

/** An agent a request reached: by the chain of calls that led there. */
export interface Reached {
  readonly agent: string;
  /** The callers on the way below the orchestrator: `['researcher']` for a nested call. */
  readonly via: readonly string[];
  readonly ok: boolean;
  readonly error?: string;
}

/** One run of a case: what came back and how it was judged. */
export interface CaseRun {
  readonly pass: boolean;
  /**
   * Whether `delegates` and `notDelegates` held: the routing alone. Undefined when the case
   * expects nothing of the routing.
   */
  readonly routed?: boolean;
  /** Why it failed, one line each; empty when it passed. */
  readonly failures: readonly string[];
  /** Every agent the request reached, nested calls included, in the order reported. */
  readonly reached: readonly Reached[];
  readonly durationMs: number;
  readonly sessionId?: string;
  /** The orchestrator's answer. */
  readonly answer?: string;
  /** Tokens of the whole answer, every delegation included, when the agents reported them. */
  readonly totalTokens?: number;
  /** Its estimated cost; undefined when some model's price is unknown or no usage came back. */
  readonly costUsd?: number;
  /** Why the call itself failed (no answer to judge). */
  readonly error?: string;
}

/** Every run of one case, and its verdict. */
export interface CaseResult {
  readonly case: RoutingCase;
  readonly runs: readonly CaseRun[];
  /** Passed runs over runs. */
  readonly passRate: number;
  /** Whether the pass rate reached the minimum. */
  readonly pass: boolean;
}

/** A whole evaluation. */
export interface EvalResult {
  readonly cases: readonly CaseResult[];
  readonly repeat: number;
  readonly minPassRate: number;
  /** Wall time of all the runs. */
  readonly durationMs: number;
  readonly startedAt: string;
}

/** Every agent the delegation records show, depth first, nested calls with the chain above them. */
export function reachedAgents(
  delegations: readonly Delegation[],
  via: readonly string[] = [],
): Reached[] {
  return delegations.flatMap((d) => [
    { agent: d.agent, via, ok: d.ok, ...(d.error ? { error: d.error } : {}) },
    ...reachedAgents(d.delegations ?? [], [...via, d.agent]),
  ]);
}

/**
 * Judges one answer against a case. Routing is read from the delegation records the
 * agents return, nested ones included, never from the answer's wording: an expected agent
 * counts as reached when some call to it succeeded, at any depth; an agent in
 * `notDelegates` fails the case when any call went to it, even a failed one.
 */
export function judge(
  routingCase: RoutingCase,
  answer: InvokeResult,
  prices?: Readonly<Record<string, ModelPrice>>,
): CaseRun {
  const { delegates = [], notDelegates = [], answerIncludes = [], maxMs } = routingCase.expect;
  const reached = reachedAgents(answer.delegations);
  const routingFailures: string[] = [];
  for (const agent of delegates) {
    const calls = reached.filter((r) => r.agent === agent);
    if (calls.some((r) => r.ok)) continue;
    routingFailures.push(
      calls.length === 0
        ? `did not delegate to ${agent}`
        : `delegated to ${agent}, but the call failed: ${calls[0].error ?? 'no reason given'}`,
    );
  }
  for (const agent of notDelegates) {
    const call = reached.find((r) => r.agent === agent);
    if (call) routingFailures.push(`delegated to ${agent}${viaText(call.via)}, which it must not`);
  }
  const failures = [...routingFailures];
  const text = answer.response.toLowerCase();
  for (const words of answerIncludes) {
    if (!text.includes(words.toLowerCase())) failures.push(`the answer lacks "${words}"`);
  }
  if (maxMs !== undefined && answer.durationMs > maxMs) {
    failures.push(`took ${answer.durationMs} ms, more than maxMs ${maxMs}`);
  }
  const routes = delegates.length + notDelegates.length > 0;
  return {
    pass: failures.length === 0,
    ...(routes ? { routed: routingFailures.length === 0 } : {}),
    failures,
    reached,
    durationMs: answer.durationMs,
    sessionId: answer.sessionId,
    answer: answer.response,
    ...(answer.totalUsage ? { totalTokens: answer.totalUsage.totalTokens } : {}),
    ...costOf(answer, prices),
  };
}

/** A run whose call failed: nothing to judge, so it fails, routing included. */
export function failedRun(
  routingCase: RoutingCase,
  error: Error,
  durationMs: number,
  sessionId?: string,
): CaseRun {
  const { delegates = [], notDelegates = [] } = routingCase.expect;
  return {
    pass: false,
    ...(delegates.length + notDelegates.length > 0 ? { routed: false } : {}),
    failures: [`the call failed: ${error.message}`],
    reached: [],
    durationMs,
    ...(sessionId ? { sessionId } : {}),
    error: error.message,
  };
}

/** A case's verdict from its runs: it passes when at least `minPassRate` of them pass. */
export function verdict(
  routingCase: RoutingCase,
  runs: readonly CaseRun[],
  minPassRate: number,
): CaseResult {
  const passRate = runs.length === 0 ? 0 : runs.filter((r) => r.pass).length / runs.length;
  return { case: routingCase, runs, passRate, pass: runs.length > 0 && passRate >= minPassRate };
}

/** How to run the cases. */
export interface RunOptions {
  /** Sends a prompt to the orchestrator in a new session. */
  readonly send: (prompt: string, sessionId: string) => Promise<InvokeResult>;
  /** A new session id per run, so no run sees another's conversation. */
  readonly newSessionId: () => string;
  /** Runs per case. @default 1 */
  readonly repeat?: number;
  /** The share of a case's runs that must pass. @default 1 */
  readonly minPassRate?: number;
  /** Runs in flight at once. @default 4 */
  readonly concurrency?: number;
  /** The project's model prices, for cost estimates. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /** Told of each run as it ends. */
  readonly onRun?: (routingCase: RoutingCase, run: CaseRun) => void;
}

/** Runs every case `repeat` times, at most `concurrency` runs at once, and judges each. */
export async function runCases(
  cases: readonly RoutingCase[],
  options: RunOptions,
): Promise<EvalResult> {
  const repeat = options.repeat ?? 1;
  const minPassRate = options.minPassRate ?? 1;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const jobs = cases.flatMap((c, index) =>
    Array.from({ length: repeat }, (_, attempt) => ({ c, index, attempt })),
  );
  // Each run keeps its place, whatever order they end in, so reports list them in order.
  const runs: CaseRun[][] = cases.map(() => []);
  const slot = limit(options.concurrency ?? 4);
  await Promise.all(
    jobs.map(({ c, index, attempt }) =>
      slot(async () => {
        const sessionId = options.newSessionId();
        const began = performance.now();
        const run = await options.send(c.prompt, sessionId).then(
          (answer) => judge(c, answer, options.prices),
          (error: Error) => failedRun(c, error, Math.round(performance.now() - began), sessionId),
        );
        runs[index][attempt] = run;
        options.onRun?.(c, run);
      }),
    ),
  );
  return {
    cases: cases.map((c, i) => verdict(c, runs[i], minPassRate)),
    repeat,
    minPassRate,
    durationMs: Math.round(performance.now() - started),
    startedAt,
  };
}

function costOf(
  answer: InvokeResult,
  prices: Readonly<Record<string, ModelPrice>> | undefined,
): { costUsd?: number } {
  if (!answer.totalUsage) return {};
  const cost = totalCostUsd(answer, prices);
  return cost === undefined ? {} : { costUsd: cost };
}

function viaText(via: readonly string[]): string {
  return via.length === 0 ? '' : ` (through ${via.join(' → ')})`;
}
