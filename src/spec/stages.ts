import { closest } from './rules';
import type { SystemSpec } from './schema';

/** The names of a system's stages, in the order `agents.json` gives them; empty without stages. */
export function stageNames(spec: SystemSpec): string[] {
  return Object.keys(spec.stages ?? {});
}

/**
 * A system as one of its stages deploys it: the stage's Region, account, network and
 * models in place of the system's, and `stage` set, which puts the stage into every
 * runtime's name. Everything that deploys or reaches a stage reads this view.
 * @throws Error when the system has no stage of that name, naming the ones it has
 */
export function stageSpec(spec: SystemSpec, stage: string): SystemSpec {
  const settings =
    spec.stages && Object.hasOwn(spec.stages, stage) ? spec.stages[stage] : undefined;
  if (!settings) {
    throw new Error(`System "${spec.name}" ${unknownStage(spec, stage)}`);
  }
  const { account, agents, ...where } = settings;
  return {
    ...spec,
    ...where,
    ...(account !== undefined && { account }),
    stage,
    agents: spec.agents.map((agent) => ({ ...agent, modelId: agents[agent.name].modelId })),
  };
}

/**
 * Why `stage` is no stage of the system, and what to use: `has no stage "prd"; did you
 * mean "prod"? Its stages are dev, prod`.
 */
export function unknownStage(spec: SystemSpec, stage: string): string {
  const names = stageNames(spec);
  if (names.length === 0) {
    return `has no stages, so no stage "${stage}"; describe stages in agents.json ("stages": {"${stage}": {}}) to deploy it more than once`;
  }
  const guess = closest(stage, names);
  return `has no stage "${stage}"; ${guess ? `did you mean "${guess}"? Its stages are` : 'use one of'} ${names.join(', ')}`;
}
