import { join } from 'node:path';
import { AgentGraph } from '../graph/agent-graph';
import { AGENTS_FILE } from '../layout';
import { loadSystemFile } from '../spec/load';
import type { SystemSpec } from '../spec/schema';

/**
 * The graph of the system a construct deploys: the one given, or else the project's own
 * `agents.json`, read and validated at every synth so an edit there (or `add-agent`)
 * reaches the app without a change to its code.
 * @throws SpecError naming agents.json and every problem in it
 */
export function systemGraph(
  system: SystemSpec | AgentGraph | undefined,
  projectDir: string,
): AgentGraph {
  if (system instanceof AgentGraph) return system;
  return AgentGraph.fromSpec(system ?? loadSystemFile(join(projectDir, AGENTS_FILE)));
}
