import { MEMORY_ID_ENV } from '../agent-runtime/memory-contract';

/**
 * Every name derived from an agent's name lives here and nowhere else: the runtime
 * name, the tool its callers see, the environment variable carrying its ARN, its
 * directory and its construct id. Validation, templates and
 * constructs all read these functions, so two places can never disagree.
 */

/** The longest runtime name AgentCore accepts (its pattern: a letter, then letters, digits, underscores). */
export const MAX_RUNTIME_NAME_LENGTH = 48;

/** What an agent name may contain: a letter, then letters, digits and underscores. */
export const AGENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/**
 * Environment variables every runtime carries besides one per callee. AgentCore allows
 * 50 variables per runtime, so each of these costs a callee: only the model id travels
 * this way (it can change without touching user-owned code); an agent's own name and its
 * system's are known when its code is generated and are baked in there.
 */
export const BASE_ENVIRONMENT_KEYS = ['MODEL_ID'] as const;

/** AgentCore's limit on environment variables per runtime. */
export const MAX_ENVIRONMENT_VARIABLES = 50;

/**
 * How many agents one agent may call: one variable per callee, within AgentCore's limit.
 * An agent that uses the system's memory has one fewer (see {@link maxCallees}).
 */
export const MAX_CALLEES = MAX_ENVIRONMENT_VARIABLES - BASE_ENVIRONMENT_KEYS.length;

/**
 * The variable an agent that uses its system's memory carries besides the base ones: the
 * memory's id. Agents of a system without memory, and agents that opt out, do without it.
 */
export const MEMORY_ENVIRONMENT_KEY = MEMORY_ID_ENV;

/** How many agents an agent may call, given whether it carries the memory's id too. */
export function maxCallees(usesMemory: boolean): number {
  return MAX_CALLEES - (usesMemory ? 1 : 0);
}

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

/** The folder of a generated project that holds one folder per agent. */
export const AGENTS_DIR = 'agents';

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

/**
 * Where an agent's deployable artifact lives, relative to its directory: the bundle step
 * writes `dist/index.mjs` (one self-contained esbuild bundle) and `dist/Dockerfile` there,
 * and both build modes upload exactly that folder, so one agent's change never touches
 * another's asset.
 */
export const AGENT_ARTIFACT_DIR = 'dist';
/** The bundle's file name inside the artifact folder; also the code-mode entry point. */
export const AGENT_BUNDLE_FILE = 'index.mjs';
/** The container build's recipe inside the artifact folder, written by the bundle step. */
export const AGENT_DOCKERFILE = 'Dockerfile';

/** The account id local ARNs carry: no real account owns it, so no real call can reach one. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * The ARN by which the `dev` command's local endpoint knows an agent:
 * `arn:aws:bedrock-agentcore:<region>:000000000000:runtime/<runtimeName>-local`. Shaped like
 * a deployed runtime's ARN, so any AWS SDK or the AWS CLI can invoke it unchanged.
 */
export function localRuntimeArn(region: string, runtimeName: string): string {
  return `arn:aws:bedrock-agentcore:${region}:${LOCAL_ACCOUNT_ID}:runtime/${runtimeName}-local`;
}

/** Where a generated project's `deploy` writes the stack outputs, for `invoke` and `test-deployed`. */
export const OUTPUTS_FILE = 'cdk-outputs.json';

/**
 * The stack outputs file of a deployment: `cdk-outputs.json` for a system without stages,
 * `cdk-outputs.<stage>.json` for a stage, so that deploying one stage never overwrites
 * what `invoke` needs to reach another.
 */
export function outputsFile(stage?: string): string {
  return stage === undefined ? OUTPUTS_FILE : `cdk-outputs.${stage}.json`;
}

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
