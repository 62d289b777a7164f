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

/**
 * A command was not told which stage to act on, or was told one that does not exist: a
 * mistake in how it was called, which it reports rather than guessing.
 */
export class StageChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageChoiceError';
  }
}

/**
 * The stage a command acts on: the one `--stage` names, or the system's only stage;
 * undefined for a system without stages.
 * @throws StageChoiceError when the system has several stages and none is named (listing
 * them), when the named one is not among them, or when the system has no stages but one
 * is named
 */
export function chooseStage(spec: SystemSpec, requested: string | undefined): string | undefined {
  const names = stageNames(spec);
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    throw new StageChoiceError(
      `--stage ${requested}: agents.json ${unknownStage(spec, requested)}`,
    );
  }
  if (names.length <= 1) return names[0];
  throw new StageChoiceError(
    `agents.json describes ${names.length} stages (${names.join(', ')}) and this acts on one; name it with --stage, e.g. --stage ${names[0]}`,
  );
}
