import { parseRuntimeArn } from './contract';

/**
 * What A2A agents and their callers share: where an A2A runtime answers, how a local
 * endpoint stands in for AgentCore's, and where a callee reports its own delegations.
 */

/** AgentCore's port for the A2A contract. */
export const A2A_PORT = 9000;

/**
 * The runtime URL AgentCore gives an A2A container, which its agent card advertises.
 * AgentCore sets it on deployed runtimes; `dev` sets it to the URL of the local ARN.
 */
export const RUNTIME_URL_ENV = 'AGENTCORE_RUNTIME_URL';

/**
 * Where AgentCore requests go instead of AWS: the AWS SDK's own setting for this service
 * (then its global one), so one variable points both protocols at the `dev` endpoint.
 */
export const ENDPOINT_URL_ENVS = [
  'AWS_ENDPOINT_URL_BEDROCK_AGENTCORE',
  'AWS_ENDPOINT_URL',
] as const;

/**
 * The key under which an A2A agent's answer carries its report (`AnswerReport`: model,
 * usage, delegations) in the metadata of its last artifact chunk.
 */
export const A2A_REPORT_KEY = 'agentcoreMultiagentReport';

/**
 * The URL an A2A runtime answers on:
 * `https://bedrock-agentcore.<region>.amazonaws.com/runtimes/<URL-encoded ARN>/invocations/`.
 * JSON-RPC goes to it, the agent card lives under it at `.well-known/agent-card.json`.
 * @throws Error when `arn` is not an AgentCore runtime ARN
 */
export function runtimeUrl(arn: string): string {
  const parsed = parseRuntimeArn(arn);
  if (!parsed) {
    throw new Error(
      `"${arn}" is not an AgentCore runtime ARN (arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>)`,
    );
  }
  const { partition, region } = parsed;
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://bedrock-agentcore.${region}.${domain}/runtimes/${encodeURIComponent(arn)}/invocations/`;
}

/** The configured replacement for AgentCore's host, if any (`dev` sets one). */
export function endpointOverride(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ENDPOINT_URL_ENVS) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * Sends a request meant for AgentCore to the configured endpoint instead: the AWS host
 * is replaced, path and query stay. Any other URL is left alone.
 */
export function localizeUrl(url: string, endpoint: string | undefined): string {
  if (!endpoint) return url;
  const target = new URL(url);
  if (!/^bedrock-agentcore\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(target.hostname)) return url;
  const base = new URL(endpoint);
  target.protocol = base.protocol;
  target.host = base.host;
  return target.toString();
}
