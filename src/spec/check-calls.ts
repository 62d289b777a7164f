/**
 * The call graph: every callee is another agent of the system, and not the orchestrator;
 * each runtime has room for its callees' variables; and no calls form a cycle.
 */

import { findCycle } from '../graph/topology';
import { maxCallees } from './limits';
import type { Problems } from './problems';
import { closest } from './rules';
import type { AgentSpec } from './schema';

/** An agent as the call rules see it: whom it calls, and where it stands in `agents`. */
export interface Caller extends Pick<AgentSpec, 'name' | 'role' | 'calls' | 'memory'> {
  readonly index: number;
}

/** Checks every agent's callees, then, when they all resolve, that no calls form a cycle. */
export function checkCalls(
  agents: readonly Caller[],
  names: readonly string[],
  report: Problems,
): boolean {
  const orchestrator = agents.find((a) => a.role === 'orchestrator')?.name;
  const callees = agents.map((agent) =>
    checkCallees(agent, `agents[${agent.index}].calls`, names, orchestrator, report),
  );
  if (!callees.every(Boolean)) return false;
  const cycle = findCycle(new Map(agents.map((a) => [a.name, a.calls])));
  if (!cycle) return true;
  const start = agents[agents.findIndex((a) => a.name === cycle[0])];
  report.add(
    `agents[${start.index}].calls`,
    start.calls,
    `the agents call each other in a cycle: ${showCycle(cycle)}`,
    'remove one of these calls; a cycle cannot deploy (each runtime needs its callees\u2019 ARNs first)',
  );
  return false;
}

/** Checks one agent's `calls`: each callee, and how many a runtime has room for. */
function checkCallees(
  agent: Caller,
  path: string,
  names: readonly string[],
  orchestrator: string | undefined,
  report: Problems,
): boolean {
  const seen = new Set<string>();
  const wrong = agent.calls.flatMap((callee, i) => {
    const problem = calleeProblem(callee, agent.name, names, orchestrator, seen);
    seen.add(callee);
    return problem ? [{ path: `${path}[${i}]`, value: callee, ...problem }] : [];
  });
  for (const { path: at, value, message, fix } of wrong) report.add(at, value, message, fix);
  const room = maxCallees(agent.memory);
  if (agent.calls.length > room) {
    const own = agent.memory ? ' (the model id and the memory id)' : '';
    report.add(
      path,
      agent.calls,
      `${agent.calls.length} callees need ${agent.calls.length} environment variables; an AgentCore runtime has room for ${room} beside its own${own}`,
      `let this agent call at most ${room} agents, or group specialists behind a sub-orchestrator${agent.memory ? ', or opt it out of memory ("memory": false)' : ''}`,
    );
  }
  return wrong.length === 0 && agent.calls.length <= room;
}

/** What is wrong with calling `callee`, given the callees listed before it; undefined when nothing. */
function calleeProblem(
  callee: string,
  caller: string,
  names: readonly string[],
  orchestrator: string | undefined,
  earlier: ReadonlySet<string>,
): { readonly message: string; readonly fix: string } | undefined {
  if (callee === caller) {
    return { message: 'an agent cannot call itself', fix: 'remove it from "calls"' };
  }
  if (!names.includes(callee)) {
    const guess = closest(callee, names);
    return {
      message: 'names no agent of this system',
      fix: guess
        ? `did you mean "${guess}"?`
        : `use one of ${names.map((n) => `"${n}"`).join(', ')}`,
    };
  }
  if (callee === orchestrator) {
    return {
      message: 'no agent may call the orchestrator: it is the entry point',
      fix: 'remove it from "calls"',
    };
  }
  if (earlier.has(callee)) return { message: 'is listed twice', fix: 'list each callee once' };
  return undefined;
}

/** A cycle's path, its middle left out when long: `a → b → … (96 more) → z → a`. */
function showCycle(cycle: readonly string[]): string {
  const shown =
    cycle.length <= 12
      ? cycle
      : [...cycle.slice(0, 5), `\u2026 (${cycle.length - 10} more)`, ...cycle.slice(-5)];
  return shown.join(' \u2192 ');
}
