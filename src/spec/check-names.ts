/**
 * Agent names: each one is a name AgentCore and the generated code accept, and no two
 * agents derive the same name of any kind (runtime, tool, variable, folder, construct).
 */

import {
  type AgentNames,
  agentNames,
  agentOwnNames,
  deploymentPrefix,
  UNIQUE_DERIVED_NAMES,
} from '../graph/names';
import { AGENT_NAME_PATTERN, MAX_RUNTIME_NAME_LENGTH } from './limits';
import type { Problems } from './problems';
import { RESERVED_AGENT_NAMES, suggestAgentName } from './rules';

/** An agent's name, and where the agent stands in `agents`. */
export interface NamedAgent {
  readonly index: number;
  readonly name: string;
}

/** An agent's name is one AgentCore and the generated code accept, in every stage. */
export function checkAgentName(
  name: string,
  path: string,
  systemName: string | undefined,
  longestStage: string | undefined,
  report: Problems,
): boolean {
  if (!AGENT_NAME_PATTERN.test(name)) {
    report.add(
      path,
      name,
      'an agent name must start with a letter and hold only letters, digits and underscores (AgentCore runtime names allow nothing else)',
      `use "${suggestAgentName(name)}"`,
    );
    return false;
  }
  if (RESERVED_AGENT_NAMES.has(name.toLowerCase())) {
    report.add(path, name, 'is a reserved word', `choose another name, e.g. "${name}_agent"`);
    return false;
  }
  // The runtime name starts with the system's: without a valid one, its length is unknown.
  return systemName === undefined || checkRuntimeName(name, path, systemName, longestStage, report);
}

/** An agent's runtime name fits AgentCore's limit in every stage. */
function checkRuntimeName(
  name: string,
  path: string,
  systemName: string,
  longestStage: string | undefined,
  report: Problems,
): boolean {
  // The longest stage makes the longest runtime name: if that fits, every stage's does.
  const { runtimeName } = agentNames(systemName, name, longestStage);
  if (runtimeName.length <= MAX_RUNTIME_NAME_LENGTH) return true;
  const room = MAX_RUNTIME_NAME_LENGTH - deploymentPrefix(systemName, longestStage).length - 1;
  const inStage = longestStage === undefined ? '' : ` in stage "${longestStage}"`;
  const others = longestStage === undefined ? 'the system name' : 'the stage or system name';
  report.add(
    path,
    name,
    `its runtime name${inStage} "${runtimeName}" has ${runtimeName.length} characters; AgentCore allows ${MAX_RUNTIME_NAME_LENGTH}`,
    room > 0
      ? `shorten the agent name to at most ${room} characters, or ${others}`
      : `shorten ${others}`,
  );
  return false;
}

/** No two agents have the same name, ignoring case. */
export function checkDistinctNames(agents: readonly NamedAgent[], report: Problems): boolean {
  const first = new Map<string, NamedAgent>();
  const duplicates: Array<{ agent: NamedAgent; of: NamedAgent }> = [];
  for (const agent of agents) {
    const key = agent.name.toLowerCase();
    const of = first.get(key);
    if (of) duplicates.push({ agent, of });
    else first.set(key, agent);
  }
  for (const { agent, of } of duplicates) {
    report.add(
      `agents[${agent.index}].name`,
      agent.name,
      `duplicates agents[${of.index}].name "${of.name}" (names are compared ignoring case)`,
      'give every agent a different name',
    );
  }
  return duplicates.length === 0;
}

/**
 * No two agents whose names differ by more than case derive the same name of any kind
 * (`data_analyst` and `dataAnalyst` share a tool); names that differ only by case are
 * reported once, as duplicates. A clash is one problem naming every name the two share,
 * since they all come from the same words. Without a valid system name there are no
 * runtime names to compare, but the other names, made of the same words, still show it.
 */
export function checkDistinctDerivedNames(
  agents: readonly NamedAgent[],
  systemName: string | undefined,
  report: Problems,
): boolean {
  const derive = (name: string): Partial<AgentNames> =>
    systemName === undefined ? agentOwnNames(name) : agentNames(systemName, name);
  // For each agent that clashes, the first agent it clashes with and what they share.
  const clashes = new Map<NamedAgent, { other: NamedAgent; shared: string[] }>();
  for (const [kind, words] of UNIQUE_DERIVED_NAMES) {
    const seen = new Map<string, NamedAgent>();
    for (const agent of agents) {
      const derived = derive(agent.name)[kind];
      if (derived === undefined) continue;
      const other = seen.get(derived);
      if (!other) {
        seen.set(derived, agent);
      } else if (other.name.toLowerCase() !== agent.name.toLowerCase()) {
        const clash = clashes.get(agent) ?? { other, shared: [] };
        if (clash.other === other) clash.shared.push(`${words} "${derived}"`);
        clashes.set(agent, clash);
      }
    }
  }
  for (const [agent, { other, shared }] of clashes) {
    report.add(
      `agents[${agent.index}].name`,
      agent.name,
      `derives the same ${listed(shared)} as agents[${other.index}] "${other.name}"`,
      'rename one of them so that they differ by more than case or underscores',
    );
  }
  return clashes.size === 0;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
