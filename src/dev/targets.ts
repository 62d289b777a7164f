import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentGraph } from '../graph/agent-graph';
import { OUTPUTS_FILE, outputKey } from '../graph/names';
import { AGENTS_FILE, loadSystemFile } from '../spec/load';
import type { ModelPrice } from '../spec/prices';
import type { Protocol } from '../spec/schema';
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

/**
 * Finds an agent by name: the running `dev` system's, unless `deployed` is asked for or
 * none runs; then the deployed runtime's ARN from the stack outputs file.
 * @throws Error saying what to start, deploy or correct
 */
export async function findInvokeTarget(
  projectDir: string,
  agent: string,
  options: { deployed?: boolean; outputsFile?: string } = {},
): Promise<InvokeTarget> {
  const graph = AgentGraph.fromSpec(loadSystemFile(join(projectDir, AGENTS_FILE)));
  const names = graph.agents.map((a) => a.spec.name);
  if (!names.includes(agent)) {
    throw new Error(`no agent "${agent}" in ${AGENTS_FILE}; its agents are ${names.join(', ')}`);
  }
  const { protocol } = graph.agent(agent).spec;
  const { prices } = graph.spec;
  if (!options.deployed) {
    const state = await readDevState(projectDir);
    const local = state?.agents[agent];
    if (state && local) {
      return { arn: local.arn, endpointUrl: state.endpointUrl, where: 'local', protocol, prices };
    }
  }
  const file = options.outputsFile ?? OUTPUTS_FILE;
  // Relative to the project, as the deploy task writes it; an absolute path as given.
  const path = resolve(projectDir, file);
  if (!existsSync(path)) {
    throw new Error(
      options.deployed
        ? `${file} does not exist; deploy first ("npx projen deploy" writes it)`
        : `no local system is running and ${file} does not exist; start one with "agentcore-multiagent dev", or deploy ("npx projen deploy")`,
    );
  }
  const outputs = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
  const key = outputKey(graph.agent(agent).names, 'RuntimeArn');
  const arn = outputs[graph.spec.name]?.[key];
  if (!arn) {
    throw new Error(
      `${file} has no output ${key} in stack ${graph.spec.name}; deploy again ("npx projen deploy")`,
    );
  }
  return { arn, where: 'deployed', protocol, prices };
}
