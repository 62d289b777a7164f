import { AGENTS_DIR } from '../layout';

/**
 * Every name derived from an agent's name (and its system's and stage's) lives here and
 * nowhere else: the runtime name, the tool its callers see, the environment variable
 * carrying its ARN, its folder, its construct id, its stack and outputs. Validation,
 * templates and constructs all read these functions, so two places can never disagree.
 * Facts of the project's layout are in `layout.ts`, AgentCore's limits in `spec/limits.ts`.
 */

/** The names derived from one agent name. */
export interface AgentNames {
  /** The user's word, as given: `dataAnalyst`. */
  readonly name: string;
  /** Lower snake case: `data_analyst`. Used for directories and tool names. */
  readonly snake: string;
  /**
   * AgentCore runtime name: `<system>_<snake>`, or `<system>_<stage>_<snake>` in a stage,
   * so that the stages of one system never share a name, even in one account and Region.
   */
  readonly runtimeName: string;
  /** The tool its callers' models see: `call_data_analyst`. */
  readonly toolName: string;
  /** The caller-side environment variable holding its runtime ARN: `DATA_ANALYST_AGENT_ARN`. */
  readonly envVar: string;
  /** Its folder in a generated project: `agents/data_analyst`. */
  readonly directory: string;
  /** Its CDK construct id: `DataAnalyst`. */
  readonly constructId: string;
}

/** Splits `dataAnalyst`, `data_analyst`, `DataAnalyst2` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `my-agents` → `my_agents`: the prefix every runtime name of a system carries. */
export function systemPrefix(systemName: string): string {
  return words(systemName).join('_');
}

/**
 * `my_agents` or, in a stage, `my_agents_prod`: what every name AgentCore holds for one
 * deployment of a system starts with (its runtimes' names, its memory's).
 */
export function deploymentPrefix(systemName: string, stage?: string): string {
  return stage === undefined ? systemPrefix(systemName) : `${systemPrefix(systemName)}_${stage}`;
}

/**
 * Derives every name of an agent within a system; `stage` is the stage deployed, when the
 * system has stages. Only the runtime name carries it: the agent's code, tools, variables
 * and folder are the same in every stage.
 */
export function agentNames(systemName: string, name: string, stage?: string): AgentNames {
  const own = agentOwnNames(name);
  return { ...own, runtimeName: `${deploymentPrefix(systemName, stage)}_${own.snake}` };
}

/**
 * The names an agent's name derives on its own, whatever its system is called: all but
 * the runtime name, which starts with the system's.
 */
export function agentOwnNames(name: string): Omit<AgentNames, 'runtimeName'> {
  const parts = words(name);
  const snake = parts.join('_');
  return {
    name,
    snake,
    toolName: `call_${snake}`,
    envVar: `${snake.toUpperCase()}_AGENT_ARN`,
    directory: `${AGENTS_DIR}/${snake}`,
    constructId: parts.map(capitalize).join(''),
  };
}

/**
 * The kinds of derived names that must be unique across a system, each with the words
 * an error uses for it.
 */
export const UNIQUE_DERIVED_NAMES: ReadonlyArray<readonly [keyof AgentNames, string]> = [
  ['runtimeName', 'runtime name'],
  ['toolName', 'tool name'],
  ['envVar', 'environment variable'],
  ['directory', 'directory'],
  ['constructId', 'construct id'],
];

/** The stack a deployment lives in: named after the system, and its stage when it has one. */
export function stackName(systemName: string, stage?: string): string {
  return stage === undefined ? systemName : `${systemName}-${stage}`;
}

/** The stack outputs each agent has; what scripts read them by. */
export type AgentOutput = 'RuntimeArn' | 'InvokeCommand' | 'Details';

/** A stack output's key: `<ConstructId><Output>`, e.g. `ResearcherRuntimeArn`. */
export function outputKey(agent: AgentNames, output: AgentOutput): string {
  return `${agent.constructId}${output}`;
}
