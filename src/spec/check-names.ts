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
 * reported once, as duplicates. Without a valid system name there are no runtime names to
 * compare, but the tool names, made of the same words, still show the clash.
 */
export function checkDistinctDerivedNames(
  agents: readonly NamedAgent[],
  systemName: string | undefined,
  report: Problems,
): boolean {
  const derive = (name: string): Partial<AgentNames> =>
    systemName === undefined ? agentOwnNames(name) : agentNames(systemName, name);
  let distinct = true;
  for (const [kind, words] of UNIQUE_DERIVED_NAMES) {
    const seen = new Map<string, NamedAgent>();
    for (const agent of agents) {
      const derived = derive(agent.name)[kind];
      if (derived === undefined) continue;
      const other = seen.get(derived);
      if (other && other.name.toLowerCase() !== agent.name.toLowerCase()) {
        report.add(
          `agents[${agent.index}].name`,
          agent.name,
          `derives the same ${words} "${derived}" as agents[${other.index}] "${other.name}"`,
          'rename one of them so that they differ by more than case or underscores',
        );
        distinct = false;
      } else if (!other) {
        seen.set(derived, agent);
      }
    }
  }
  return distinct;
}
