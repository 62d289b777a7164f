/**
 * Validation of a system description, layer by layer: the system's settings, its stages,
 * its agents (each alone, then together, then their calls). Each check reports what it
 * finds and returns what it read; the spec is built only when every check passed.
 */

import { checkAgents, declaredAgentNames } from './check-agents';
import {
  checkMemory,
  checkModelId,
  checkNetwork,
  checkRegion,
  checkSystemName,
} from './check-settings';
import { checkField, checkKnownFields, checkOptional, isObject } from './check-shape';
import { checkStages, longestStageName, resolveStages } from './check-stages';
import { Problems, SpecError, type SpecProblem } from './problems';
import {
  DEFAULT_BUILD_MODE,
  DEFAULT_MODEL_ID,
  DEFAULT_REGION,
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

  if (!isObject(input)) {
    problems.add(
      '(root)',
      input,
      'a system description must be a JSON object',
      'give an object such as {"name": "my-agents", "agents": [...]}',
    );
    return { problems: problems.items, warnings: [] };
  }
  const known = checkKnownFields(input, systemInputSchema.shape, '', problems);
  const name = checkSystemName(input.name, problems);
  const region = checkOptional(input.region, (v) => checkRegion(v, 'region', problems));
  const network = checkOptional(input.network, (v) => checkNetwork(v, 'network', problems));
  const modelId = checkOptional(input.modelId, (v) => checkModelId(v, 'modelId', problems));
  const buildMode = checkOptional(input.buildMode, (v) =>
    checkField(systemInputSchema.shape.buildMode, v, 'buildMode', problems),
  );
  const prices = checkOptional(input.prices, (v) =>
    checkField(systemInputSchema.shape.prices, v, 'prices', problems),
  );
  const memory = checkOptional(input.memory, (v) => checkMemory(v, problems));
  const staged = checkStages(input.stages, declaredAgentNames(input.agents), problems);
  const agents = checkAgents(
    input.agents,
    name,
    input.memory !== undefined,
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
