/**
 * Agents: each one's fields on its own, then the agents together (their names, one
 * orchestrator, their calls), with the defaults for what an agent leaves out.
 */

import { checkCalls } from './check-calls';
import { checkAgentName, checkDistinctDerivedNames, checkDistinctNames } from './check-names';
import { checkModelId } from './check-settings';
import { checkField, checkKnownFields, checkOptional, isObject } from './check-shape';
import type { Problems } from './problems';
import { describeHiddenCharacter, HIDDEN_CHARACTER, MAX_DESCRIPTION_LENGTH } from './rules';
import { type AgentInput, type AgentSpec, agentInputSchema, DEFAULT_PROTOCOL } from './schema';

/** An agent whose own fields are valid; `calls` resolved, defaults for model and build left open. */
export type CheckedAgent = Omit<AgentSpec, 'modelId' | 'buildMode'> & {
  readonly modelId?: string;
  readonly buildMode?: AgentSpec['buildMode'];
};

/** An agent whose fields have the right types, and where it stands in `agents`. */
interface ParsedAgent {
  readonly index: number;
  readonly input: AgentInput;
}

/**
 * Checks the agents, each on its own and then together; returns them, with their calls
 * resolved, only when every check passed.
 */
export function checkAgents(
  value: unknown,
  systemName: string | undefined,
  systemMemory: boolean,
  longestStage: string | undefined,
  report: Problems,
): CheckedAgent[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    report.add(
      'agents',
      value,
      'the system has no agents',
      'add one orchestrator and at least one specialist, e.g. [{"name": "orchestrator", "role": "orchestrator", "description": "..."}]',
    );
    return undefined;
  }

  // Agents whose fields have the right types are checked against each other even when
  // some field rule failed, so that one pass reports every problem.
  const own = value.map((item, index) =>
    checkAgent(item, `agents[${index}]`, systemName, systemMemory, longestStage, report),
  );
  const parsed: ParsedAgent[] = own.flatMap((agent, index) =>
    agent.input ? [{ index, input: agent.input }] : [],
  );
  const complete = parsed.length === value.length;
  const named = parsed.map(({ index, input }) => ({ index, name: input.name }));
  const distinct = checkDistinctNames(named, report);
  const derivedDistinct = checkDistinctDerivedNames(named, systemName, report);
  const oneOrchestrator = checkOneOrchestrator(parsed, complete, report);

  const specialists = parsed.filter((a) => a.input.role === 'specialist').map((a) => a.input.name);
  const agents: CheckedAgent[] = parsed.map(({ input }) => ({
    name: input.name,
    role: input.role,
    description: input.description.trim(),
    systemPrompt: input.systemPrompt?.trim() || defaultSystemPrompt(input, specialists),
    calls: input.calls ?? (input.role === 'orchestrator' ? specialists : []),
    protocol: input.protocol ?? DEFAULT_PROTOCOL,
    modelId: input.modelId,
    buildMode: input.buildMode,
    memory: systemMemory && input.memory !== false,
  }));
  const calls = checkCalls(
    agents.map((agent, position) => ({ ...agent, index: parsed[position].index })),
    declaredAgentNames(value),
    report,
  );
  const valid =
    complete &&
    own.every((agent) => agent.valid) &&
    distinct &&
    derivedDistinct &&
    oneOrchestrator &&
    calls;
  return valid ? agents : undefined;
}

/**
 * Checks one agent on its own: its fields' types, then their rules. `input` is there when
 * the types are right, for the agents to be checked against each other; `valid` when
 * every rule passed too.
 */
function checkAgent(
  item: unknown,
  path: string,
  systemName: string | undefined,
  systemMemory: boolean,
  longestStage: string | undefined,
  report: Problems,
): { readonly input?: AgentInput; readonly valid: boolean } {
  const known = isObject(item)
    ? checkKnownFields(item, agentInputSchema.shape, `${path}.`, report)
    : true;
  const input = checkField(agentInputSchema, item, path, report);
  if (!input) return { valid: false };
  const fields = checkAgentFields(input, path, systemName, longestStage, report);
  // `false` is what a normalised spec says of every agent of a system without memory.
  if (input.memory === true && !systemMemory) {
    report.add(
      `${path}.memory`,
      input.memory,
      'the system has no memory for this agent to use',
      'give the system memory ("memory": {} at the top of agents.json), or remove this field',
    );
    return { input, valid: false };
  }
  return { input, valid: known && fields };
}

/** Checks an agent's own fields against their rules; true when all pass. */
function checkAgentFields(
  input: AgentInput,
  path: string,
  systemName: string | undefined,
  longestStage: string | undefined,
  report: Problems,
): boolean {
  // A list, not `&&`, so that every rule runs and reports, in this order.
  return [
    checkAgentName(input.name, `${path}.name`, systemName, longestStage, report),
    checkDescription(input.description, `${path}.description`, report),
    checkText(input.description, `${path}.description`, report),
    input.systemPrompt === undefined ||
      checkText(input.systemPrompt, `${path}.systemPrompt`, report),
    checkOptional(input.modelId, (v) => checkModelId(v, `${path}.modelId`, report)).valid,
  ].every(Boolean);
}

function checkDescription(description: string, path: string, report: Problems): boolean {
  const trimmed = description.trim();
  if (trimmed.length === 0) {
    report.add(
      path,
      description,
      'an agent needs a description: it becomes the tool description its callers\u2019 models read',
      'say in a sentence what this agent does, e.g. "Researches a topic and summarises sources"',
    );
    return false;
  }
  if (trimmed.length > MAX_DESCRIPTION_LENGTH) {
    report.add(
      path,
      description,
      `has ${trimmed.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are allowed`,
      'shorten it; put longer instructions in "systemPrompt"',
    );
    return false;
  }
  return true;
}

/** Free text holds nothing that generated source would show differently, or not at all. */
function checkText(text: string, path: string, report: Problems): boolean {
  const hidden = HIDDEN_CHARACTER.exec(text);
  if (!hidden) return true;
  report.add(
    path,
    text,
    `holds ${describeHiddenCharacter(hidden[0])} at character ${hidden.index + 1}; the text is written into generated source files, where it would be hidden or change how the code reads`,
    hidden[0] === '\r' ? 'end lines with "\\n" alone' : 'remove it',
  );
  return false;
}

/**
 * Exactly one agent is the orchestrator. Whether there is none can be told only when every
 * agent's role could be read.
 */
function checkOneOrchestrator(
  parsed: readonly ParsedAgent[],
  complete: boolean,
  report: Problems,
): boolean {
  const orchestrators = parsed.filter((a) => a.input.role === 'orchestrator');
  if (orchestrators.length === 0) {
    if (!complete) return true;
    report.add(
      'agents',
      parsed.map((a) => a.input.name),
      'the system has no orchestrator',
      'give exactly one agent "role": "orchestrator"; it is the entry point that delegates to the others',
    );
    return false;
  }
  for (const extra of orchestrators.slice(1)) {
    report.add(
      `agents[${extra.index}].role`,
      'orchestrator',
      `only one orchestrator is allowed and "${orchestrators[0].input.name}" already is one`,
      'make this agent a "specialist"',
    );
  }
  return orchestrators.length === 1;
}

function defaultSystemPrompt(agent: AgentInput, specialists: readonly string[]): string {
  const description = agent.description.trim();
  if (agent.role === 'orchestrator' && specialists.length > 0) {
    return `${description}\n\nAnswer simple questions yourself. When a request needs what one of your tools does, delegate to it and build your answer from its result.`;
  }
  return description;
}

/** The names the agents were given, valid or not, for references to them to be checked against. */
export function declaredAgentNames(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap((item) => (typeof item?.name === 'string' ? [item.name as string] : []))
    : [];
}
