import type { z } from 'zod';
import { agentNames, deploymentPrefix, UNIQUE_DERIVED_NAMES } from '../graph/names';
import { findCycle } from '../graph/topology';
import { AGENT_NAME_PATTERN, MAX_RUNTIME_NAME_LENGTH, maxCallees } from './limits';
import { SpecError, type SpecProblem } from './problems';
import {
  ACCOUNT_ID_PATTERN,
  closest,
  describeHiddenCharacter,
  HIDDEN_CHARACTER,
  MAX_DESCRIPTION_LENGTH,
  MAX_STAGE_NAME_LENGTH,
  MAX_SYSTEM_NAME_LENGTH,
  MODEL_ID_PATTERN,
  REGION_PATTERN,
  RESERVED_AGENT_NAMES,
  SECURITY_GROUP_ID_PATTERN,
  STAGE_NAME_PATTERN,
  SUBNET_ID_PATTERN,
  SYSTEM_NAME_PATTERN,
  suggestAgentName,
  suggestStageName,
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
  type StageSpec,
  type SystemSpec,
  stageAgentInputSchema,
  stageInputSchema,
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
  const region = checkRegion(raw.region, 'region', problems);
  const network = checkNetwork(raw.network, 'network', problems);
  const modelId = checkModelId(raw.modelId, 'modelId', problems) ?? DEFAULT_MODEL_ID;
  const buildMode = checkField(
    systemInputSchema.shape.buildMode,
    raw.buildMode,
    'buildMode',
    problems,
  );
  const prices = checkField(systemInputSchema.shape.prices, raw.prices, 'prices', problems);
  const memory = checkMemory(raw.memory, problems);
  const staged = checkStages(raw.stages, declaredAgentNames(raw.agents), problems);
  const agents = checkAgents(
    raw.agents,
    name,
    raw.memory !== undefined,
    longestStageName(staged.names),
    problems,
  );

  if (problems.size > 0 || name === undefined || network === undefined || !agents) {
    return { problems: problems.items, warnings: [] };
  }

  const ordered = [...agents].sort(
    (a, b) => Number(b.role === 'orchestrator') - Number(a.role === 'orchestrator'),
  );
  const system = { region: region ?? DEFAULT_REGION, network, modelId };
  const spec: SystemSpec = {
    name,
    ...system,
    buildMode: buildMode ?? DEFAULT_BUILD_MODE,
    prices: prices ?? {},
    ...(memory ? { memory } : {}),
    ...(staged.stages ? { stages: resolveStages(staged.stages, system, ordered) } : {}),
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

function checkRegion(value: unknown, path: string, report: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !REGION_PATTERN.test(value)) {
    report.add(
      path,
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

function checkNetwork(value: unknown, path: string, report: Problems): NetworkConfig | undefined {
  if (value === undefined) return { mode: 'PUBLIC' };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    reportUnknownKeys(
      value as Record<string, unknown>,
      networkInputSchema.shape,
      `${path}.`,
      report,
    );
  }
  const network: NetworkInput | undefined = checkField(networkInputSchema, value, path, report);
  if (!network) return undefined;
  const subnets = network.subnetIds ?? [];
  const groups = network.securityGroupIds ?? [];
  if (network.mode === 'PUBLIC') {
    if (subnets.length > 0 || groups.length > 0) {
      report.add(
        path,
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
        `${path}.${field}`,
        network[field as keyof NetworkInput],
        `VPC mode needs at least one ${what}`,
        `add ${what} ids such as "${example}"`,
      );
    }
    ids.forEach((id, i) => {
      if (!pattern.test(id)) {
        report.add(
          `${path}.${field}[${i}]`,
          id,
          `is not a ${what} id`,
          `use an id such as "${example}"`,
        );
      }
    });
    if (new Set(ids).size !== ids.length) {
      report.add(`${path}.${field}`, ids, `lists the same ${what} twice`, 'list each id once');
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

/** A stage whose fields are valid, holding only what it sets itself. */
interface CheckedStage {
  readonly region?: string;
  readonly account?: string;
  readonly modelId?: string;
  readonly network?: NetworkConfig;
  readonly agents: Readonly<Record<string, { readonly modelId?: string }>>;
}

const STAGES_EXAMPLE = '{"dev": {}, "prod": {"region": "eu-west-1", "account": "123456789012"}}';

/**
 * Checks `stages`: each name, and each setting a stage overrides. Returns every stage with
 * a valid name (so the runtime-name rule can count the longest even while another
 * problem is reported), and the stages themselves only when all of them are valid.
 */
function checkStages(
  value: unknown,
  agentNames: readonly string[],
  report: Problems,
): { readonly names: readonly string[]; readonly stages?: Map<string, CheckedStage> } {
  if (value === undefined) return { names: [] };
  if (!isObject(value)) {
    report.add(
      'stages',
      value,
      'the stages are described by an object with one field per stage',
      `use ${STAGES_EXAMPLE}`,
    );
    return { names: [] };
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    report.add(
      'stages',
      value,
      'names no stage',
      `add the stages, e.g. ${STAGES_EXAMPLE}, or remove "stages" to deploy the system once, as described`,
    );
  }
  const before = report.size;
  const names: string[] = [];
  const stages = new Map<string, CheckedStage>();
  for (const [stage, settings] of entries) {
    const path = `stages.${stage}`;
    if (!STAGE_NAME_PATTERN.test(stage) || stage.length > MAX_STAGE_NAME_LENGTH) {
      report.add(
        path,
        stage,
        `a stage name must start with a lower-case letter, hold only lower-case letters and digits, and have at most ${MAX_STAGE_NAME_LENGTH} characters (it names the stage's stack, runtimes and outputs file)`,
        `use "${suggestStageName(stage)}"`,
      );
    } else {
      names.push(stage);
    }
    const checked = checkStage(settings, path, agentNames, report);
    if (checked) stages.set(stage, checked);
  }
  return report.size === before && entries.length > 0 ? { names, stages } : { names };
}

function checkStage(
  value: unknown,
  path: string,
  agentNames: readonly string[],
  report: Problems,
): CheckedStage | undefined {
  if (!isObject(value)) {
    report.add(
      path,
      value,
      'a stage is described by an object',
      'use {} to deploy the system as described, or name what differs, e.g. {"region": "eu-west-1", "modelId": "..."}',
    );
    return undefined;
  }
  reportUnknownKeys(value, stageInputSchema.shape, `${path}.`, report);
  const before = report.size;
  const region = checkRegion(value.region, `${path}.region`, report);
  const account = checkAccount(value.account, `${path}.account`, report);
  const modelId = checkModelId(value.modelId, `${path}.modelId`, report);
  const network =
    value.network === undefined
      ? undefined
      : checkNetwork(value.network, `${path}.network`, report);
  const agents: Record<string, { modelId?: string }> = {};
  if (value.agents !== undefined && !isObject(value.agents)) {
    report.add(
      `${path}.agents`,
      value.agents,
      'the agents a stage changes are described by an object, one field per agent',
      `use {"${agentNames[0] ?? 'orchestrator'}": {"modelId": "${DEFAULT_MODEL_ID}"}}`,
    );
  }
  for (const [agent, settings] of Object.entries(isObject(value.agents) ? value.agents : {})) {
    const at = `${path}.agents.${agent}`;
    if (!agentNames.includes(agent)) {
      const guess = closest(agent, agentNames);
      report.add(
        at,
        agent,
        'names no agent of this system',
        guess
          ? `did you mean "${guess}"?`
          : `use one of ${agentNames.map((n) => `"${n}"`).join(', ')}`,
      );
      continue;
    }
    if (!isObject(settings)) {
      report.add(
        at,
        settings,
        'what a stage changes of an agent is described by an object',
        `use {"modelId": "${DEFAULT_MODEL_ID}"}`,
      );
      continue;
    }
    reportUnknownKeys(settings, stageAgentInputSchema.shape, `${at}.`, report);
    const agentModel = checkModelId(settings.modelId, `${at}.modelId`, report);
    agents[agent] = agentModel === undefined ? {} : { modelId: agentModel };
  }
  if (report.size > before) return undefined;
  return {
    ...(region !== undefined && { region }),
    ...(account !== undefined && { account }),
    ...(modelId !== undefined && { modelId }),
    ...(network !== undefined && { network }),
    agents,
  };
}

function checkAccount(value: unknown, path: string, report: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ACCOUNT_ID_PATTERN.test(value)) {
    report.add(
      path,
      value,
      'is not an AWS account id',
      // JSON numbers lose leading zeros, so an account id is written as a string.
      typeof value === 'number' && ACCOUNT_ID_PATTERN.test(String(value))
        ? `write it as a string: "${value}"`
        : 'use the account\u2019s 12 digits as a string, e.g. "123456789012"',
    );
    return undefined;
  }
  return value;
}

/** The longest of the stage names, whose runtime names are the longest; undefined without stages. */
function longestStageName(names: readonly string[]): string | undefined {
  return names.reduce<string | undefined>(
    (longest, name) => (longest === undefined || name.length > longest.length ? name : longest),
    undefined,
  );
}

/** The names the agents were given, valid or not, for references to them to be checked against. */
function declaredAgentNames(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap((item) => (typeof item?.name === 'string' ? [item.name as string] : []))
    : [];
}

/**
 * Every stage with every setting filled in: the stage's own, else the system's; an agent's
 * model from the stage's entry for it, its own, the stage's, the system's, in that order.
 */
function resolveStages(
  stages: ReadonlyMap<string, CheckedStage>,
  system: { readonly region: string; readonly network: NetworkConfig; readonly modelId: string },
  agents: readonly CheckedAgent[],
): Record<string, StageSpec> {
  return Object.fromEntries(
    [...stages].map(([name, stage]): [string, StageSpec] => {
      const modelId = stage.modelId ?? system.modelId;
      return [
        name,
        {
          region: stage.region ?? system.region,
          ...(stage.account !== undefined && { account: stage.account }),
          network: stage.network ?? system.network,
          modelId,
          agents: Object.fromEntries(
            agents.map((agent) => [
              agent.name,
              { modelId: stage.agents[agent.name]?.modelId ?? agent.modelId ?? modelId },
            ]),
          ),
        },
      ];
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
      checkAgentFields(input, path, systemName, longestStage, report);
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
  checkCalls(parsed, agents, declaredAgentNames(value), report);
  return complete && report.size === before ? agents : undefined;
}

function checkAgentFields(
  input: AgentInput,
  path: string,
  systemName: string | undefined,
  longestStage: string | undefined,
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
    // The longest stage makes the longest runtime name: if that fits, every stage's does.
    const names = agentNames(systemName ?? 'x', name, longestStage);
    if (systemName !== undefined && names.runtimeName.length > MAX_RUNTIME_NAME_LENGTH) {
      const room = MAX_RUNTIME_NAME_LENGTH - deploymentPrefix(systemName, longestStage).length - 1;
      const inStage = longestStage === undefined ? '' : ` in stage "${longestStage}"`;
      const others = longestStage === undefined ? 'the system name' : 'the stage or system name';
      report.add(
        `${path}.name`,
        name,
        `its runtime name${inStage} "${names.runtimeName}" has ${names.runtimeName.length} characters; AgentCore allows ${MAX_RUNTIME_NAME_LENGTH}`,
        room > 0
          ? `shorten the agent name to at most ${room} characters, or ${others}`
          : `shorten ${others}`,
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
