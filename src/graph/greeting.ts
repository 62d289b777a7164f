import type { Protocol } from '../spec/schema';

/**
 * The body of a one-line greeting to an agent, for the ready-to-paste invoke commands
 * (stack outputs, `dev`'s summary): an HTTP agent reads `{"prompt"}`, an A2A agent a
 * JSON-RPC `message/send`.
 */
export function greetingPayload(protocol: Protocol): string {
  if (protocol === 'A2A') {
    return JSON.stringify({
      jsonrpc: '2.0',
      id: '1',
      method: 'message/send',
      params: {
        message: {
          kind: 'message',
          messageId: '1',
          role: 'user',
          parts: [{ kind: 'text', text: 'Hello' }],
        },
      },
    });
  }
  return JSON.stringify({ prompt: 'Hello' });
}

/**
 * A ready-to-paste AWS CLI command that greets an agent, the same for AWS CLI v1 and v2:
 * the payload goes in as raw bytes from stdin (`fileb://`), which both read alike (v2 reads
 * a `--payload` string as base64, and v1 has no `--cli-binary-format` to say otherwise);
 * the answer goes to stdout. The CLI fills in a session id itself.
 * @param options the words that say which runtime and where (ARN, region, endpoint)
 */
export function cliGreetingCommand(protocol: Protocol, options: string): string {
  return `echo '${greetingPayload(protocol)}' | aws bedrock-agentcore invoke-agent-runtime ${options} --payload fileb:///dev/stdin /dev/stdout`;
}
