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
