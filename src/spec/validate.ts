import type { z } from 'zod';
import {
  AGENT_NAME_PATTERN,
  type AgentNames,
  agentNames,
  agentOwnNames,
  deploymentPrefix,
  MAX_RUNTIME_NAME_LENGTH,
  maxCallees,
  UNIQUE_DERIVED_NAMES,
} from '../graph/names';
import { findCycle } from '../graph/topology';
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
  const known = checkKnownFields(raw, systemInputSchema.shape, '', problems);
  const name = checkSystemName(raw.name, problems);
  const region = checkOptional(raw.region, (v) => checkRegion(v, 'region', problems));
  const network = checkOptional(raw.network, (v) => checkNetwork(v, 'network', problems));
  const modelId = checkOptional(raw.modelId, (v) => checkModelId(v, 'modelId', problems));
  const buildMode = checkOptional(raw.buildMode, (v) =>
    checkField(systemInputSchema.shape.buildMode, v, 'buildMode', problems),
  );
  const prices = checkOptional(raw.prices, (v) =>
    checkField(systemInputSchema.shape.prices, v, 'prices', problems),
  );
  const memory = checkOptional(raw.memory, (v) => checkMemory(v, problems));
  const staged = checkStages(raw.stages, declaredAgentNames(raw.agents), problems);
  const agents = checkAgents(
    raw.agents,
    name,
    raw.memory !== undefined,
    longestStageName(staged.names),
    problems,
  );

  if (
    !known ||
    name === undefined ||
    !region.valid ||
    !network.valid ||
    !modelId.valid ||
    !buildMode.valid ||
    !prices.valid ||
    !memory.valid ||
    !staged.valid ||
    !agents
  ) {
    return { problems: problems.items, warnings: [] };
  }

  const ordered = [...agents].sort(
    (a, b) => Number(b.role === 'orchestrator') - Number(a.role === 'orchestrator'),
  );
  const system = {
    region: region.value ?? DEFAULT_REGION,
    network: network.value ?? { mode: 'PUBLIC' as const },
    modelId: modelId.value ?? DEFAULT_MODEL_ID,
  };
  const build = buildMode.value ?? DEFAULT_BUILD_MODE;
  const spec: SystemSpec = {
    name,
    ...system,
    buildMode: build,
    prices: prices.value ?? {},
    ...(memory.value ? { memory: memory.value } : {}),
    ...(staged.stages ? { stages: resolveStages(staged.stages, system, ordered) } : {}),
    agents: ordered.map((agent) => ({
      ...agent,
      modelId: agent.modelId ?? system.modelId,
      buildMode: agent.buildMode ?? build,
    })),
  };
  return {
    spec,
    problems: problems.items,
    warnings: [...unreachableAgents(spec), ...unusedMemory(spec)],
  };
}

/**
 * Collects problems. Each check reports what it finds here and returns whether it passed
 * (or the value it read, undefined when invalid), so that one pass reports everything.
 */
class Problems {
  public readonly items: SpecProblem[] = [];
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

/** What a check of a field that may be left out found: `value` is there when it was given and valid. */
interface OptionalField<T> {
  readonly valid: boolean;
  readonly value?: T;
}

/** Checks a field that may be left out: valid when absent, else when `check` returns its value. */
function checkOptional<T>(
  value: unknown,
  check: (given: unknown) => T | undefined,
): OptionalField<T> {
  if (value === undefined) return { valid: true };
  const checked = check(value);
  return checked === undefined ? { valid: false } : { valid: true, value: checked };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Reports every field `shape` does not know, with the likely one meant; true when there is none. */
function checkKnownFields(
  raw: Record<string, unknown>,
  shape: Record<string, unknown>,
  prefix: string,
  report: Problems,
): boolean {
  const known = Object.keys(shape);
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  for (const key of unknown) {
    const guess = closest(key, known);
    report.add(
      `${prefix}${key}`,
      raw[key],
      'is not a known field',
      guess ? `did you mean "${guess}"?` : `remove it; known fields: ${known.join(', ')}`,
    );
  }
  return unknown.length === 0;
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
  const known = isObject(value)
    ? checkKnownFields(value, networkInputSchema.shape, `${path}.`, report)
    : true;
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
    return known ? { mode: 'PUBLIC' } : undefined;
  }
  const subnetsValid = checkIds(
    subnets,
    `${path}.subnetIds`,
    network.subnetIds,
    SUBNET_ID_PATTERN,
    'subnet-0abc1234def567890',
    'subnet',
    report,
  );
  const groupsValid = checkIds(
    groups,
    `${path}.securityGroupIds`,
    network.securityGroupIds,
    SECURITY_GROUP_ID_PATTERN,
    'sg-0abc1234def567890',
    'security group',
    report,
  );
  return known && subnetsValid && groupsValid
    ? { mode: 'VPC', subnetIds: subnets, securityGroupIds: groups }
    : undefined;
}

/** Checks a VPC's subnet or security group ids: at least one, each well formed, none twice. */
function checkIds(
  ids: readonly string[],
  path: string,
  given: unknown,
  pattern: RegExp,
  example: string,
  what: string,
  report: Problems,
): boolean {
  if (ids.length === 0) {
    report.add(
      path,
      given,
      `VPC mode needs at least one ${what}`,
      `add ${what} ids such as "${example}"`,
    );
  }
  const malformed = ids.flatMap((id, i) => (pattern.test(id) ? [] : [i]));
  for (const i of malformed) {
    report.add(`${path}[${i}]`, ids[i], `is not a ${what} id`, `use an id such as "${example}"`);
  }
  const repeated = new Set(ids).size !== ids.length;
  if (repeated) {
    report.add(path, ids, `lists the same ${what} twice`, 'list each id once');
  }
  return ids.length > 0 && malformed.length === 0 && !repeated;
}

function checkMemory(value: unknown, report: Problems): MemorySpec | undefined {
  if (!isObject(value)) {
    report.add(
      'memory',
      value,
      'the system\u2019s memory is described by an object',
      `use {} for conversations only, or {"expiryDays": ${DEFAULT_MEMORY_EXPIRY_DAYS}, "longTerm": ["semantic"]}`,
    );
    return undefined;
  }
  const known = checkKnownFields(value, memoryInputSchema.shape, 'memory.', report);
  const expiryDays = checkExpiryDays(value.expiryDays, report);
  const longTerm = checkLongTerm(value.longTerm, report);
  return known && expiryDays !== undefined && longTerm ? { expiryDays, longTerm } : undefined;
}

function checkExpiryDays(value: unknown, report: Problems): number | undefined {
  const days = value ?? DEFAULT_MEMORY_EXPIRY_DAYS;
  if (
    typeof days === 'number' &&
    Number.isInteger(days) &&
    days >= MIN_MEMORY_EXPIRY_DAYS &&
    days <= MAX_MEMORY_EXPIRY_DAYS
  ) {
    return days;
  }
  report.add(
    'memory.expiryDays',
    value,
    `AgentCore Memory keeps events for ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS} days`,
    `use a whole number of days from ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS}, e.g. ${DEFAULT_MEMORY_EXPIRY_DAYS}`,
  );
  return undefined;
}

function checkLongTerm(value: unknown, report: Problems): LongTermStrategy[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.add(
      'memory.longTerm',
      value,
      'lists long-term strategies',
      `use a list such as ["semantic"]; the strategies are ${LONG_TERM_STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
    );
    return undefined;
  }
  const known = LONG_TERM_STRATEGIES as readonly string[];
  const strategies: LongTermStrategy[] = [];
  value.forEach((strategy: unknown, i) => {
    const path = `memory.longTerm[${i}]`;
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
    } else if (strategies.includes(strategy as LongTermStrategy)) {
      report.add(path, strategy, 'is listed twice', 'list each strategy once');
    } else {
      strategies.push(strategy as LongTermStrategy);
    }
  });
  // Valid when every strategy listed was taken.
  return strategies.length === value.length ? strategies : undefined;
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
 * problem is reported), whether all stages are valid, and then the stages themselves.
 */
function checkStages(
  value: unknown,
  declaredAgents: readonly string[],
  report: Problems,
): {
  readonly names: readonly string[];
  readonly valid: boolean;
  readonly stages?: Map<string, CheckedStage>;
} {
  if (value === undefined) return { names: [], valid: true };
  if (!isObject(value)) {
    report.add(
      'stages',
      value,
      'the stages are described by an object with one field per stage',
      `use ${STAGES_EXAMPLE}`,
    );
    return { names: [], valid: false };
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    report.add(
      'stages',
      value,
      'names no stage',
      `add the stages, e.g. ${STAGES_EXAMPLE}, or remove "stages" to deploy the system once, as described`,
    );
    return { names: [], valid: false };
  }
  const names: string[] = [];
  const stages = new Map<string, CheckedStage>();
  for (const [stage, settings] of entries) {
    const path = `stages.${stage}`;
    if (checkStageName(stage, path, report)) names.push(stage);
    const checked = checkStage(settings, path, declaredAgents, report);
    if (checked) stages.set(stage, checked);
  }
  // Valid when every stage has a valid name and valid settings.
  return names.length === entries.length && stages.size === entries.length
    ? { names, valid: true, stages }
    : { names, valid: false };
}

function checkStageName(stage: string, path: string, report: Problems): boolean {
  if (STAGE_NAME_PATTERN.test(stage) && stage.length <= MAX_STAGE_NAME_LENGTH) return true;
  report.add(
    path,
    stage,
    `a stage name must start with a lower-case letter, hold only lower-case letters and digits, and have at most ${MAX_STAGE_NAME_LENGTH} characters (it names the stage's stack, runtimes and outputs file)`,
    `use "${suggestStageName(stage)}"`,
  );
  return false;
}

function checkStage(
  value: unknown,
  path: string,
  declaredAgents: readonly string[],
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
  const known = checkKnownFields(value, stageInputSchema.shape, `${path}.`, report);
  const region = checkOptional(value.region, (v) => checkRegion(v, `${path}.region`, report));
  const account = checkOptional(value.account, (v) => checkAccount(v, `${path}.account`, report));
  const modelId = checkOptional(value.modelId, (v) => checkModelId(v, `${path}.modelId`, report));
  const network = checkOptional(value.network, (v) => checkNetwork(v, `${path}.network`, report));
  const agents = checkOptional(value.agents, (v) =>
    checkStageAgents(v, `${path}.agents`, declaredAgents, report),
  );
  if (
    !known ||
    !region.valid ||
    !account.valid ||
    !modelId.valid ||
    !network.valid ||
    !agents.valid
  ) {
    return undefined;
  }
  return {
    ...(region.value !== undefined && { region: region.value }),
    ...(account.value !== undefined && { account: account.value }),
    ...(modelId.value !== undefined && { modelId: modelId.value }),
    ...(network.value !== undefined && { network: network.value }),
    agents: agents.value ?? {},
  };
}

/** Checks what a stage changes of its agents: one field per agent of the system. */
function checkStageAgents(
  value: unknown,
  path: string,
  declaredAgents: readonly string[],
  report: Problems,
): Record<string, { readonly modelId?: string }> | undefined {
  if (!isObject(value)) {
    report.add(
      path,
      value,
      'the agents a stage changes are described by an object, one field per agent',
      `use {"${declaredAgents[0] ?? 'orchestrator'}": {"modelId": "${DEFAULT_MODEL_ID}"}}`,
    );
    return undefined;
  }
  const checked = Object.entries(value).map(
    ([agent, settings]) =>
      [
        agent,
        checkStageAgent(agent, settings, `${path}.${agent}`, declaredAgents, report),
      ] as const,
  );
  const valid = checked.filter(
    (entry): entry is readonly [string, { readonly modelId?: string }] => entry[1] !== undefined,
  );
  return valid.length === checked.length ? Object.fromEntries(valid) : undefined;
}

function checkStageAgent(
  agent: string,
  value: unknown,
  path: string,
  declaredAgents: readonly string[],
  report: Problems,
): { readonly modelId?: string } | undefined {
  if (!declaredAgents.includes(agent)) {
    const guess = closest(agent, declaredAgents);
    report.add(
      path,
      agent,
      'names no agent of this system',
      guess
        ? `did you mean "${guess}"?`
        : `use one of ${declaredAgents.map((n) => `"${n}"`).join(', ')}`,
    );
    return undefined;
  }
  if (!isObject(value)) {
    report.add(
      path,
      value,
      'what a stage changes of an agent is described by an object',
      `use {"modelId": "${DEFAULT_MODEL_ID}"}`,
    );
    return undefined;
  }
  const known = checkKnownFields(value, stageAgentInputSchema.shape, `${path}.`, report);
  const modelId = checkOptional(value.modelId, (v) => checkModelId(v, `${path}.modelId`, report));
  if (!known || !modelId.valid) return undefined;
  return modelId.value === undefined ? {} : { modelId: modelId.value };
}

function checkAccount(value: unknown, path: string, report: Problems): string | undefined {
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

/** An agent whose fields have the right types, and where it stands in `agents`. */
interface ParsedAgent {
  readonly index: number;
  readonly input: AgentInput;
}

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
  const own = value.map((item, index) =>
    checkAgent(item, `agents[${index}]`, systemName, systemMemory, longestStage, report),
  );
  const parsed: ParsedAgent[] = own.flatMap((agent, index) =>
    agent.input ? [{ index, input: agent.input }] : [],
  );
  const complete = parsed.length === value.length;
  const distinct = checkDistinctNames(parsed, report);
  const derivedDistinct = checkDistinctDerivedNames(parsed, systemName, report);
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
  const calls = checkCalls(parsed, agents, declaredAgentNames(value), report);
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

function checkAgentName(
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

/** No two agents have the same name, ignoring case. */
function checkDistinctNames(parsed: readonly ParsedAgent[], report: Problems): boolean {
  const first = new Map<string, ParsedAgent>();
  const duplicates: Array<{ agent: ParsedAgent; of: ParsedAgent }> = [];
  for (const agent of parsed) {
    const key = agent.input.name.toLowerCase();
    const of = first.get(key);
    if (of) duplicates.push({ agent, of });
    else first.set(key, agent);
  }
  for (const { agent, of } of duplicates) {
    report.add(
      `agents[${agent.index}].name`,
      agent.input.name,
      `duplicates agents[${of.index}].name "${of.input.name}" (names are compared ignoring case)`,
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
function checkDistinctDerivedNames(
  parsed: readonly ParsedAgent[],
  systemName: string | undefined,
  report: Problems,
): boolean {
  const derive = (name: string): Partial<AgentNames> =>
    systemName === undefined ? agentOwnNames(name) : agentNames(systemName, name);
  let distinct = true;
  for (const [kind, words] of UNIQUE_DERIVED_NAMES) {
    const seen = new Map<string, { index: number; name: string }>();
    for (const { index, input } of parsed) {
      const derived = derive(input.name)[kind];
      if (derived === undefined) continue;
      const other = seen.get(derived);
      if (other && other.name.toLowerCase() !== input.name.toLowerCase()) {
        report.add(
          `agents[${index}].name`,
          input.name,
          `derives the same ${words} "${derived}" as agents[${other.index}] "${other.name}"`,
          'rename one of them so that they differ by more than case or underscores',
        );
        distinct = false;
      } else if (!other) {
        seen.set(derived, { index, name: input.name });
      }
    }
  }
  return distinct;
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

/** Checks every agent's callees, then, when they all resolve, that no calls form a cycle. */
function checkCalls(
  parsed: readonly ParsedAgent[],
  agents: readonly CheckedAgent[],
  names: readonly string[],
  report: Problems,
): boolean {
  const orchestrator = agents.find((a) => a.role === 'orchestrator')?.name;
  const callees = agents.map((agent, position) =>
    checkCallees(agent, `agents[${parsed[position].index}].calls`, names, orchestrator, report),
  );
  if (!callees.every(Boolean)) return false;
  const cycle = findCycle(new Map(agents.map((a) => [a.name, a.calls])));
  if (!cycle) return true;
  const start = agents.findIndex((a) => a.name === cycle[0]);
  report.add(
    `agents[${parsed[start].index}].calls`,
    agents[start].calls,
    `the agents call each other in a cycle: ${showCycle(cycle)}`,
    'remove one of these calls; a cycle cannot deploy (each runtime needs its callees\u2019 ARNs first)',
  );
  return false;
}

/** Checks one agent's `calls`: each callee, and how many a runtime has room for. */
function checkCallees(
  agent: CheckedAgent,
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
