import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentGraph } from '../graph/agent-graph';
import { outputKey, stackName } from '../graph/names';
import { AGENTS_FILE, outputsFile } from '../layout';
import { loadSystemFile } from '../spec/load';
import type { ModelPrice } from '../spec/prices';
import type { Protocol } from '../spec/schema';
import { chooseStage } from '../spec/stages';
import { readDevState } from './state';

/** An agent to invoke: its ARN and, for a local one, the endpoint that serves it. */
export interface InvokeTarget {
  readonly arn: string;
  readonly endpointUrl?: string;
  readonly where: 'local' | 'deployed';
  /** The contract the agent serves: an A2A agent is called with an A2A client. */
  readonly protocol: Protocol;
  /** The project's own model prices, for cost estimates. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
}

/** Where {@link findInvokeTarget} looks. */
export interface InvokeTargetOptions {
  /** The deployed agent, even while a local system runs. @default false */
  readonly deployed?: boolean;
  /**
   * The stage whose deployed agent to find; naming one implies `deployed`.
   * @default - the only stage, or none for a system without stages
   */
  readonly stage?: string;
  /**
   * The stack outputs file, relative to the project or absolute.
   * @default - what `deploy` writes: `cdk-outputs.json`, or `cdk-outputs.<stage>.json`
   */
  readonly outputsFile?: string;
}

/**
 * Finds an agent by name: the running `dev` system's, unless a deployed one is asked for
 * (`deployed`, or a stage) or none runs; then the deployed runtime's ARN from the stage's
 * stack outputs.
 * @throws StageChoiceError when the deployed agent is needed and the stage is not clear
 * @throws Error saying what to start, deploy or correct
 */
export async function findInvokeTarget(
  projectDir: string,
  agent: string,
  options: InvokeTargetOptions = {},
): Promise<InvokeTarget> {
  const spec = loadSystemFile(join(projectDir, AGENTS_FILE));
  const graph = AgentGraph.fromSpec(spec);
  const names = graph.agents.map((a) => a.spec.name);
  if (!names.includes(agent)) {
    throw new Error(`no agent "${agent}" in ${AGENTS_FILE}; its agents are ${names.join(', ')}`);
  }
  const { protocol } = graph.agent(agent).spec;
  const { prices } = graph.spec;
  const deployed = options.deployed || options.stage !== undefined;
  if (!deployed) {
    const state = await readDevState(projectDir);
    const local = state?.agents[agent];
    if (state && local) {
      return { arn: local.arn, endpointUrl: state.endpointUrl, where: 'local', protocol, prices };
    }
  }
  const stage = chooseStage(spec, options.stage);
  const file = options.outputsFile ?? outputsFile(stage);
  const deploy = `npx projen deploy${stage === undefined ? '' : ` --stage ${stage}`}`;
  // Relative to the project, as the deploy task writes it; an absolute path as given.
  const path = resolve(projectDir, file);
  if (!existsSync(path)) {
    throw new Error(
      deployed
        ? `${file} does not exist; deploy first ("${deploy}" writes it)`
        : `no local system is running and ${file} does not exist; start one with "agentcore-multiagent dev", or deploy ("${deploy}")`,
    );
  }
  const outputs = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
  const key = outputKey(graph.agent(agent).names, 'RuntimeArn');
  const stack = stackName(spec.name, stage);
  const arn = outputs[stack]?.[key];
  if (!arn) {
    throw new Error(`${file} has no output ${key} in stack ${stack}; deploy again ("${deploy}")`);
  }
  return { arn, where: 'deployed', protocol, prices };
}
