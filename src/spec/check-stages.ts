/**
 * Stages: each one's name and what it changes of the system, checked with the system's own
 * rules; once the whole description is valid, every stage with its settings resolved.
 */

import { checkAccount, checkModelId, checkNetwork, checkRegion } from './check-settings';
import { checkKnownFields, checkOptional, isObject } from './check-shape';
import type { Problems } from './problems';
import { closest, MAX_STAGE_NAME_LENGTH, STAGE_NAME_PATTERN, suggestStageName } from './rules';
import {
  DEFAULT_MODEL_ID,
  type NetworkConfig,
  type StageSpec,
  stageAgentInputSchema,
  stageInputSchema,
} from './schema';

/** A stage whose fields are valid, holding only what it sets itself. */
export interface CheckedStage {
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
export function checkStages(
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

/** The longest of the stage names, whose runtime names are the longest; undefined without stages. */
export function longestStageName(names: readonly string[]): string | undefined {
  return names.reduce<string | undefined>(
    (longest, name) => (longest === undefined || name.length > longest.length ? name : longest),
    undefined,
  );
}

/**
 * Every stage with every setting filled in: the stage's own, else the system's; an agent's
 * model from the stage's entry for it, its own, the stage's, the system's, in that order.
 */
export function resolveStages(
  stages: ReadonlyMap<string, CheckedStage>,
  system: { readonly region: string; readonly network: NetworkConfig; readonly modelId: string },
  agents: ReadonlyArray<{ readonly name: string; readonly modelId?: string }>,
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
