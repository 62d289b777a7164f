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
