import { cliGreetingCommand } from '../graph/greeting';
import { formatUsd } from '../spec/prices';
import type { Protocol } from '../spec/schema';
import type { Hop } from './hop-log';

/** What the summary printed when `dev` has started tells of the running system. */
export interface DevSummary {
  /** The local AgentCore endpoint. */
  readonly endpointUrl: string;
  /** The region the local ARNs name, given to the AWS CLI so it needs no configuration. */
  readonly region: string;
  /** Every agent, the orchestrator first: it is the one the examples invoke. */
  readonly agents: ReadonlyArray<{
    readonly name: string;
    readonly port: number;
    readonly model: string;
    readonly arn: string;
    readonly protocol: Protocol;
  }>;
  /** The system's local memory, when it has one. */
  readonly memory?: {
    readonly id: string;
    /** The long-term strategies of agents.json, answered here by a stand-in. */
    readonly longTerm: readonly string[];
  };
  /** Whether each agent starts on its first call rather than with `dev`. */
  readonly startsOnFirstCall: boolean;
}

/**
 * The lines `dev` prints once the system runs: the endpoint, a table of agents (port,
 * model, local ARN), the memory, and commands to try it.
 */
export function devSummary(summary: DevSummary): string {
  const { endpointUrl, agents } = summary;
  const width = (pick: (a: DevSummary['agents'][number]) => string, title: string) =>
    Math.max(title.length, ...agents.map((a) => pick(a).length));
  const wName = width((a) => a.name, 'agent');
  const wModel = width((a) => a.model, 'model');
  const line = (a: string, p: string, m: string, arn: string) =>
    `  ${a.padEnd(wName)}  ${p.padEnd(5)}  ${m.padEnd(wModel)}  ${arn}`;
  const first = agents[0];
  return [
    '',
    `AgentCore local endpoint: ${endpointUrl}`,
    `Inspector (every request as a tree of hops, and a form to send prompts): ${endpointUrl}/`,
    `  (AWS SDKs: AWS_ENDPOINT_URL_BEDROCK_AGENTCORE=${endpointUrl}; AWS CLI: --endpoint-url ${endpointUrl})`,
    line('agent', 'port', 'model', 'local ARN'),
    ...agents.map((a) => line(a.name, String(a.port), a.model, a.arn)),
    ...(summary.memory ? ['', localMemoryLine(summary.memory)] : []),
    '',
    'Try it:',
    `  npx agentcore-multiagent invoke ${first.name} "Hello"`,
    // No AWS configuration needed: the region is given and the local endpoint needs no signature.
    `  ${cliGreetingCommand(first.protocol, `--endpoint-url ${endpointUrl} --region ${summary.region} --no-sign-request --agent-runtime-arn ${first.arn}`)}`,
    ...(summary.startsOnFirstCall
      ? [
          'Each agent starts on its first call, as AgentCore starts a runtime for a new session (that call waits for the cold start).',
        ]
      : []),
    'Agents restart when their source changes. Ctrl-C stops everything.',
    '',
  ].join('\n');
}

/** What the summary says of the local memory, long-term stand-in included. */
function localMemoryLine(memory: NonNullable<DevSummary['memory']>): string {
  const longTerm = memory.longTerm.length
    ? `; long-term (${memory.longTerm.join(', ')}) is a stand-in that keeps each statement of the user as a record and retrieves by shared words, not AgentCore's extraction`
    : '';
  return `Memory ${memory.id}: sessions survive restarts of agents and of dev (kept in node_modules/.cache/agentcore-multiagent/memory)${longTerm}`;
}

/** One line per call through the endpoint: `[endpoint] researcher 200 in 12 ms (session …) · 340 tokens · $0.0012`. */
export function hopLine(hop: Hop): string {
  const spent = hop.totalUsage
    ? ` · ${hop.totalUsage.totalTokens.toLocaleString('en-US')} tokens${hop.totalCostUsd === undefined ? '' : ` · ${formatUsd(hop.totalCostUsd)}`}`
    : '';
  const failure = hop.state === 'failed' ? `: ${hop.error ?? 'failed'}` : '';
  return `[endpoint] ${hop.agent} ${hop.status ?? ''} in ${hop.durationMs} ms (session ${hop.sessionId})${spent}${failure}`;
}
