import type { AgentGraph } from '../graph/agent-graph';
import { PACKAGE_NAME } from '../projen/versions';
import { callPaths, ROUTING_CASES_SCHEMA_PATH, type RoutingCasesInput } from './cases';

/** A request any orchestrator should answer without delegating. */
export const GREETING_PROMPT = 'Hello! Who are you?';

/** One case of a cases file, as written. */
export type CaseInput = RoutingCasesInput['cases'][number];

/**
 * The cases a new project starts with: one per agent the orchestrator can reach, asking
 * for what that agent does in the words of its description (the words callers' models
 * read as its tool's description, so the offline model routes it there too), and one
 * greeting the orchestrator should answer itself. The user's file from then on.
 */
export function starterCases(graph: AgentGraph): RoutingCasesInput {
  const orchestrator = graph.orchestrator.spec.name;
  const callees = graph.callees(orchestrator).map((e) => e.callee.spec.name);
  const reached = graph.agents.map((a) => starterCase(graph, a.spec.name));
  return {
    // Resolved from the file's folder, evals/, to the schema this package ships.
    $schema: `../node_modules/${PACKAGE_NAME}/${ROUTING_CASES_SCHEMA_PATH}`,
    cases: [
      ...reached.filter((c): c is CaseInput => c !== undefined),
      {
        name: `${orchestrator} answers a greeting itself`,
        prompt: GREETING_PROMPT,
        // An orchestrator that calls nobody can only be held to answering at all, in time.
        expect: callees.length > 0 ? { notDelegates: callees } : { maxMs: 60_000 },
      },
    ],
  };
}

/** The cases file a new project starts with, as written to disk. */
export function starterCasesJson(graph: AgentGraph): string {
  return `${JSON.stringify(starterCases(graph), undefined, 2)}\n`;
}

/**
 * A case that asks the orchestrator for what `agent` does; through the agents on the way
 * when it is no direct callee. Undefined for the orchestrator and for an agent it cannot
 * reach.
 */
export function starterCase(graph: AgentGraph, agent: string): CaseInput | undefined {
  const path = callPaths(graph).get(agent);
  if (!path) return undefined;
  const asks = path.map((name) => sentence(graph.agent(name).spec.description));
  return {
    name: `reaches ${agent}`,
    prompt: `I need help with this: ${asks.join(' ')}`,
    expect: { delegates: [agent] },
  };
}

/** A description as a sentence: trimmed, and ending in a full stop unless it ends in one. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
