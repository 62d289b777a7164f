/**
 * Facts of AgentCore's data-plane contract that callers, agents and the local endpoint
 * must agree on; each stated once here.
 */

/**
 * The header that carries the runtime session, both ways. Lower case: Node reads incoming
 * header names in lower case, and HTTP header names ignore case anyway.
 */
export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

/** The endpoint qualifier every call targets: a runtime's default endpoint. */
export const DEFAULT_QUALIFIER = 'DEFAULT';

const RUNTIME_ARN = /^arn:(aws[a-z-]*):bedrock-agentcore:([a-z0-9-]+):\d{12}:runtime\/.+$/;

/** The partition and region of an AgentCore runtime ARN; `undefined` for anything else. */
export function parseRuntimeArn(arn: string): { partition: string; region: string } | undefined {
  const match = RUNTIME_ARN.exec(arn);
  return match ? { partition: match[1], region: match[2] } : undefined;
}

/**
 * The largest payload AgentCore Runtime accepts (100 MB); agents and the local endpoint
 * accept the same.
 */
export const MAX_PAYLOAD_BYTES = 100 * 1024 * 1024;
