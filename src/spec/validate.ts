import type { z } from 'zod';
import {
  AGENT_NAME_PATTERN,
  agentNames,
  MAX_RUNTIME_NAME_LENGTH,
  maxCallees,
  systemPrefix,
  UNIQUE_DERIVED_NAMES,
} from '../graph/names';
import { findCycle } from '../graph/topology';
import { SpecError, type SpecProblem } from './problems';
import {
  closest,
  describeHiddenCharacter,
  HIDDEN_CHARACTER,
  MAX_DESCRIPTION_LENGTH,
  MAX_SYSTEM_NAME_LENGTH,
  MODEL_ID_PATTERN,
  REGION_PATTERN,
  RESERVED_AGENT_NAMES,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
  SYSTEM_NAME_PATTERN,
  suggestAgentName,
  suggestSystemName,
} from './rules';
import {
  type AgentInput,
  type AgentSpec,
  agentInputSchema,
  DEFAULT_BUILD_MODE,
  DEFAULT_MEMORY_EXPIRY_DAYS,
  DEFAULT_MODEL_ID,
  DEFAULT_PROTOCOL,
  DEFAULT_REGION,
  LONG_TERM_STRATEGIES,
  type LongTermStrategy,
  MAX_MEMORY_EXPIRY_DAYS,
  type MemorySpec,
  MIN_MEMORY_EXPIRY_DAYS,
  memoryInputSchema,
  type NetworkConfig,
  type NetworkInput,
  networkInputSchema,
  type SystemSpec,
  systemInputSchema,
} from './schema';

/** The outcome of checking a description: a spec when valid, and every problem found. */
export interface SpecCheck {
  /** The normalised spec; present only when `problems` is empty. */
  readonly spec?: SystemSpec;
  readonly problems: readonly SpecProblem[];
  /** Things that are allowed but probably not meant (an agent nobody calls). */
  readonly warnings: readonly string[];
}

/**
 * Validates a system description and returns the normalised spec.
 * @throws SpecError listing every problem, when there is any
 */
export function validateSystem(input: unknown, source?: string): SystemSpec {
  const result = checkSystem(input);
  if (!result.spec) throw new SpecError(result.problems, source);
  return result.spec;
}

/** Checks a system description and reports every problem at once; never throws. */
export function checkSystem(input: unknown): SpecCheck {
  const problems = new Problems();

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.add(
      '(root)',
      input,
      'a system description must be a JSON object',
      'give an object such as {"name": "my-agents", "agents": [...]}',
    );
    return { problems: problems.items, warnings: [] };
  }
  const raw = input as Record<string, unknown>;
  reportUnknownKeys(raw, systemInputSchema.shape, '', problems);

  const name = checkSystemName(raw.name, problems);
  const region = checkRegion(raw.region, problems);
  const network = checkNetwork(raw.network, problems);
  const modelId = checkModelId(raw.modelId, 'modelId', problems) ?? DEFAULT_MODEL_ID;
  const buildMode = checkField(
    systemInputSchema.shape.buildMode,
    raw.buildMode,
    'buildMode',
    problems,
  );
  const prices = checkField(systemInputSchema.shape.prices, raw.prices, 'prices', problems);
  const memory = checkMemory(raw.memory, problems);
  const agents = checkAgents(raw.agents, name, raw.memory !== undefined, problems);

  if (problems.size > 0 || name === undefined || network === undefined || !agents) {
    return { problems: problems.items, warnings: [] };
  }

  const ordered = [...agents].sort(
    (a, b) => Number(b.role === 'orchestrator') - Number(a.role === 'orchestrator'),
  );
  const spec: SystemSpec = {
    name,
    region: region ?? DEFAULT_REGION,
    network,
    modelId,
    buildMode: buildMode ?? DEFAULT_BUILD_MODE,
    prices: prices ?? {},
    ...(memory ? { memory } : {}),
    agents: ordered.map((agent) => ({
      ...agent,
      modelId: agent.modelId ?? modelId,
      buildMode: agent.buildMode ?? buildMode ?? DEFAULT_BUILD_MODE,
    })),
  };
  return {
    spec,
    problems: problems.items,
    warnings: [...unreachableAgents(spec), ...unusedMemory(spec)],
  };
}

/** Collects problems; checkers compare `size` before and after to tell whether they passed. */
class Problems {
  public readonly items: SpecProblem[] = [];
  public get size(): number {
    return this.items.length;
  }
  public add(path: string, value: unknown, message: string, fix: string): void {
    this.items.push({ path, value, message, fix });
  }
}

/** Runs one zod field schema and reports a failure in the project's own words. */
function checkField<T extends z.ZodType>(
  schema: T,
  value: unknown,
  path: string,
  report: Problems,
): z.output<T> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const where = [
      path,
      ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
    ]
      .join('')
      .replace(/^\./, '');
    const options = 'values' in issue ? (issue.values as unknown[]) : undefined;
    report.add(
      where,
      valueAt(value, issue.path),
      options ? 'is not one of the allowed values' : issue.message.replace(/^Invalid input: /, ''),
      options
        ? `use one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
        : 'correct its type',
    );
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function reportUnknownKeys(
  raw: Record<string, unknown>,
  shape: Record<string, unknown>,
  prefix: string,
  report: Problems,
) {
  const known = Object.keys(shape);
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    report.add(
      `${prefix}${key}`,
      raw[key],
      'is not a known field',
      guess ? `did you mean "${guess}"?` : `remove it; known fields: ${known.join(', ')}`,
    );
  }
}

function checkSystemName(value: unknown, report: Problems): string | undefined {
  if (typeof value !== 'string') {
    report.add('name', value, 'the system needs a name', 'give a name such as "my-agents"');
    return undefined;
  }
  if (!SYSTEM_NAME_PATTERN.test(value) || value.length > MAX_SYSTEM_NAME_LENGTH) {
    report.add(
      'name',
      value,
      `a system name must start with a lower-case letter, hold only lower-case letters, digits and hyphens, and have at most ${MAX_SYSTEM_NAME_LENGTH} characters (it names the npm package, the stack and every runtime)`,
      `use "${suggestSystemName(value)}"`,
    );
    return undefined;
  }
  return value;
}

function checkRegion(value: unknown, report: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !REGION_PATTERN.test(value)) {
    report.add(
      'region',
      value,
      'is not an AWS region code',
      'use a region such as "us-east-1" or "eu-west-1"',
    );
    return undefined;
  }
  return value;
}

function checkModelId(value: unknown, path: string, report: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !MODEL_ID_PATTERN.test(value)) {
    report.add(
      path,
      value,
      'is not a Bedrock model id, inference profile id or ARN',
      `use an id such as "${DEFAULT_MODEL_ID}"`,
    );
    return undefined;
  }
  return value;
}

function checkNetwork(value: unknown, report: Problems): NetworkConfig | undefined {
  if (value === undefined) return { mode: 'PUBLIC' };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    reportUnknownKeys(
      value as Record<string, unknown>,
      networkInputSchema.shape,
      'network.',
      report,
    );
  }
  const network: NetworkInput | undefined = checkField(
    networkInputSchema,
    value,
    'network',
    report,
  );
  if (!network) return undefined;
  const subnets = network.subnetIds ?? [];
  const groups = network.securityGroupIds ?? [];
  if (network.mode === 'PUBLIC') {
    if (subnets.length > 0 || groups.length > 0) {
      report.add(
        'network',
        value,
        'subnets and security groups apply only in VPC mode',
        'set "mode": "VPC", or remove subnetIds and securityGroupIds',
      );
      return undefined;
    }
    return { mode: 'PUBLIC' };
  }
  const before = report.size;
  const checkIds = (
    ids: string[],
    field: string,
    pattern: RegExp,
    example: string,
    what: string,
  ) => {
    if (ids.length === 0) {
      report.add(
        `network.${field}`,
        network[field as keyof NetworkInput],
        `VPC mode needs at least one ${what}`,
        `add ${what} ids such as "${example}"`,
      );
    }
    ids.forEach((id, i) => {
      if (!pattern.test(id)) {
        report.add(
          `network.${field}[${i}]`,
          id,
          `is not a ${what} id`,
          `use an id such as "${example}"`,
        );
      }
    });
    if (new Set(ids).size !== ids.length) {
      report.add(`network.${field}`, ids, `lists the same ${what} twice`, 'list each id once');
    }
  };
  checkIds(subnets, 'subnetIds', SUBNET_ID_PATTERN, 'subnet-0abc1234def567890', 'subnet');
  checkIds(
    groups,
    'securityGroupIds',
    SECURITY_GROUP_ID_PATTERN,
    'sg-0abc1234def567890',
    'security group',
  );
  return report.size === before
    ? { mode: 'VPC', subnetIds: subnets, securityGroupIds: groups }
    : undefined;
}

function checkMemory(value: unknown, report: Problems): MemorySpec | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report.add(
      'memory',
      value,
      'the system\u2019s memory is described by an object',
      `use {} for conversations only, or {"expiryDays": ${DEFAULT_MEMORY_EXPIRY_DAYS}, "longTerm": ["semantic"]}`,
    );
    return undefined;
  }
  reportUnknownKeys(value as Record<string, unknown>, memoryInputSchema.shape, 'memory.', report);
  const before = report.size;
  const input = value as { expiryDays?: unknown; longTerm?: unknown };
  const expiryDays = input.expiryDays ?? DEFAULT_MEMORY_EXPIRY_DAYS;
  if (
    typeof expiryDays !== 'number' ||
    !Number.isInteger(expiryDays) ||
    expiryDays < MIN_MEMORY_EXPIRY_DAYS ||
    expiryDays > MAX_MEMORY_EXPIRY_DAYS
  ) {
    report.add(
      'memory.expiryDays',
      input.expiryDays,
      `AgentCore Memory keeps events for ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS} days`,
      `use a whole number of days from ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS}, e.g. ${DEFAULT_MEMORY_EXPIRY_DAYS}`,
    );
  }
  const longTerm: LongTermStrategy[] = [];
  if (input.longTerm !== undefined && !Array.isArray(input.longTerm)) {
    report.add(
      'memory.longTerm',
      input.longTerm,
      'lists long-term strategies',
      `use a list such as ["semantic"]; the strategies are ${LONG_TERM_STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
    );
  }
  const listed: unknown[] = Array.isArray(input.longTerm) ? input.longTerm : [];
  listed.forEach((strategy, i) => {
    const path = `memory.longTerm[${i}]`;
    const known = LONG_TERM_STRATEGIES as readonly string[];
    if (typeof strategy !== 'string' || !known.includes(strategy)) {
      const guess = typeof strategy === 'string' ? closest(strategy, known) : undefined;
      report.add(
        path,
        strategy,
        'is not one of AgentCore Memory\u2019s built-in long-term strategies',
        guess
          ? `did you mean "${guess}"?`
          : `use ${LONG_TERM_STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
      );
    } else if (longTerm.includes(strategy as LongTermStrategy)) {
      report.add(path, strategy, 'is listed twice', 'list each strategy once');
    } else {
      longTerm.push(strategy as LongTermStrategy);
    }
  });
  return report.size === before ? { expiryDays: expiryDays as number, longTerm } : undefined;
}

/** An agent whose own fields are valid; `calls` resolved, defaults for model and build left open. */
type CheckedAgent = Omit<AgentSpec, 'modelId' | 'buildMode'> & {
  readonly modelId?: string;
  readonly buildMode?: AgentSpec['buildMode'];
};

function checkAgents(
  value: unknown,
  systemName: string | undefined,
  systemMemory: boolean,
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
  const before = report.size;
  const parsed: Array<{ index: number; input: AgentInput }> = [];
  value.forEach((item, index) => {
    const path = `agents[${index}]`;
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      reportUnknownKeys(
        item as Record<string, unknown>,
        agentInputSchema.shape,
        `${path}.`,
        report,
      );
    }
    const input = checkField(agentInputSchema, item, path, report);
    if (input) {
      checkAgentFields(input, path, systemName, report);
      // `false` is what a normalised spec says of every agent of a system without memory.
      if (input.memory === true && !systemMemory) {
        report.add(
          `${path}.memory`,
          input.memory,
          'the system has no memory for this agent to use',
          'give the system memory ("memory": {} at the top of agents.json), or remove this field',
        );
      }
      parsed.push({ index, input });
    }
  });
  const complete = parsed.length === value.length;
  checkUniqueNames(parsed, systemName, report);
  const orchestrators = parsed.filter((a) => a.input.role === 'orchestrator');
  if (orchestrators.length === 0 && complete) {
    report.add(
      'agents',
      parsed.map((a) => a.input.name),
      'the system has no orchestrator',
      'give exactly one agent "role": "orchestrator"; it is the entry point that delegates to the others',
    );
  }
  for (const extra of orchestrators.slice(1)) {
    report.add(
      `agents[${extra.index}].role`,
      'orchestrator',
      `only one orchestrator is allowed and "${orchestrators[0].input.name}" already is one`,
      'make this agent a "specialist"',
    );
  }

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
  const declared = value.flatMap((item) =>
    typeof item?.name === 'string' ? [item.name as string] : [],
  );
  checkCalls(parsed, agents, declared, report);
  return complete && report.size === before ? agents : undefined;
}

function checkAgentFields(
  input: AgentInput,
  path: string,
  systemName: string | undefined,
  report: Problems,
): void {
  const { name } = input;
  if (!AGENT_NAME_PATTERN.test(name)) {
    report.add(
      `${path}.name`,
      name,
      'an agent name must start with a letter and hold only letters, digits and underscores (AgentCore runtime names allow nothing else)',
      `use "${suggestAgentName(name)}"`,
    );
  } else if (RESERVED_AGENT_NAMES.has(name.toLowerCase())) {
    report.add(
      `${path}.name`,
      name,
      'is a reserved word',
      `choose another name, e.g. "${name}_agent"`,
    );
  } else {
    const names = agentNames(systemName ?? 'x', name);
    if (systemName !== undefined && names.runtimeName.length > MAX_RUNTIME_NAME_LENGTH) {
      const room = MAX_RUNTIME_NAME_LENGTH - systemPrefix(systemName).length - 1;
      report.add(
        `${path}.name`,
        name,
        `its runtime name "${names.runtimeName}" has ${names.runtimeName.length} characters; AgentCore allows ${MAX_RUNTIME_NAME_LENGTH}`,
        room > 0
          ? `shorten the agent name to at most ${room} characters, or the system name`
          : 'shorten the system name',
      );
    }
  }
  const description = input.description.trim();
  if (description.length === 0) {
    report.add(
      `${path}.description`,
      input.description,
      'an agent needs a description: it becomes the tool description its callers\u2019 models read',
      'say in a sentence what this agent does, e.g. "Researches a topic and summarises sources"',
    );
  } else if (description.length > MAX_DESCRIPTION_LENGTH) {
    report.add(
      `${path}.description`,
      input.description,
      `has ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are allowed`,
      'shorten it; put longer instructions in "systemPrompt"',
    );
  }
  checkText(input.description, `${path}.description`, report);
  if (input.systemPrompt !== undefined) {
    checkText(input.systemPrompt, `${path}.systemPrompt`, report);
  }
  checkModelId(input.modelId, `${path}.modelId`, report);
}

/** Free text holds nothing that generated source would show differently, or not at all. */
function checkText(text: string, path: string, report: Problems): void {
  const hidden = HIDDEN_CHARACTER.exec(text);
  if (!hidden) return;
  report.add(
    path,
    text,
    `holds ${describeHiddenCharacter(hidden[0])} at character ${hidden.index + 1}; the text is written into generated source files, where it would be hidden or change how the code reads`,
    hidden[0] === '\r' ? 'end lines with "\\n" alone' : 'remove it',
  );
}

function checkUniqueNames(
  parsed: Array<{ index: number; input: AgentInput }>,
  systemName: string | undefined,
  report: Problems,
) {
  const byLowerName = new Map<string, number>();
  for (const { index, input } of parsed) {
    const key = input.name.toLowerCase();
    const first = byLowerName.get(key);
    if (first !== undefined) {
      report.add(
        `agents[${index}].name`,
        input.name,
        `duplicates agents[${first}].name "${parsed.find((p) => p.index === first)?.input.name}" (names are compared ignoring case)`,
        'give every agent a different name',
      );
    } else {
      byLowerName.set(key, index);
    }
  }
  for (const [kind, words] of UNIQUE_DERIVED_NAMES) {
    const seen = new Map<string, { index: number; name: string }>();
    for (const { index, input } of parsed) {
      const derived = agentNames(systemName ?? 'x', input.name)[kind];
      const other = seen.get(derived);
      if (other && other.name.toLowerCase() !== input.name.toLowerCase()) {
        report.add(
          `agents[${index}].name`,
          input.name,
          `derives the same ${words} "${derived}" as agents[${other.index}] "${other.name}"`,
          'rename one of them so that they differ by more than case or underscores',
        );
      } else if (!other) {
        seen.set(derived, { index, name: input.name });
      }
    }
  }
}

function checkCalls(
  parsed: Array<{ index: number; input: AgentInput }>,
  agents: CheckedAgent[],
  names: readonly string[],
  report: Problems,
): void {
  const before = report.size;
  const orchestrator = agents.find((a) => a.role === 'orchestrator')?.name;
  agents.forEach((agent, position) => {
    const path = `agents[${parsed[position].index}].calls`;
    const seen = new Set<string>();
    agent.calls.forEach((callee, i) => {
      if (callee === agent.name) {
        report.add(
          `${path}[${i}]`,
          callee,
          'an agent cannot call itself',
          'remove it from "calls"',
        );
      } else if (!names.includes(callee)) {
        const guess = closest(callee, names);
        report.add(
          `${path}[${i}]`,
          callee,
          'names no agent of this system',
          guess
            ? `did you mean "${guess}"?`
            : `use one of ${names.map((n) => `"${n}"`).join(', ')}`,
        );
      } else if (callee === orchestrator) {
        report.add(
          `${path}[${i}]`,
          callee,
          'no agent may call the orchestrator: it is the entry point',
          'remove it from "calls"',
        );
      } else if (seen.has(callee)) {
        report.add(`${path}[${i}]`, callee, 'is listed twice', 'list each callee once');
      }
      seen.add(callee);
    });
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
  });
  if (report.size > before) return;
  const cycle = findCycle(new Map(agents.map((a) => [a.name, a.calls])));
  if (cycle) {
    const start = agents.findIndex((a) => a.name === cycle[0]);
    report.add(
      `agents[${parsed[start].index}].calls`,
      agents[start].calls,
      `the agents call each other in a cycle: ${showCycle(cycle)}`,
      'remove one of these calls; a cycle cannot deploy (each runtime needs its callees\u2019 ARNs first)',
    );
  }
}

/** A cycle's path, its middle left out when long: `a → b → … (96 more) → z → a`. */
function showCycle(cycle: readonly string[]): string {
  const shown =
    cycle.length <= 12
      ? cycle
      : [...cycle.slice(0, 5), `\u2026 (${cycle.length - 10} more)`, ...cycle.slice(-5)];
  return shown.join(' \u2192 ');
}

function defaultSystemPrompt(agent: AgentInput, specialists: readonly string[]): string {
  const description = agent.description.trim();
  if (agent.role === 'orchestrator' && specialists.length > 0) {
    return `${description}\n\nAnswer simple questions yourself. When a request needs what one of your tools does, delegate to it and build your answer from its result.`;
  }
  return description;
}

function unusedMemory(spec: SystemSpec): string[] {
  return spec.memory && !spec.agents.some((a) => a.memory)
    ? ['the system has memory but every agent opts out ("memory": false), so nothing uses it']
    : [];
}

function unreachableAgents(spec: SystemSpec): string[] {
  const called = new Set(spec.agents.flatMap((a) => a.calls));
  return spec.agents
    .filter((a) => a.role !== 'orchestrator' && !called.has(a.name))
    .map((a) => `agent "${a.name}" is not called by any agent, so nothing can reach it`);
}
