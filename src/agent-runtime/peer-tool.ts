import { randomUUID } from 'node:crypto';
import { type InvokableTool, type ToolContext, tool } from '@strands-agents/sdk';
import { z } from 'zod';
import { PeerClient, type PeerTarget } from './peer-client';
import { scopeOf } from './scope';

/** A generated binding: the callee, its tool and the description its callers' models read. */
export interface PeerToolOptions extends PeerTarget {
  /** The callee's description from the agent graph; the model chooses tools by it. */
  readonly description: string;
  /** The client to call through; one shared client per process by default. */
  readonly client?: PeerClient;
}

/** The tool a generated binding exports: input `{ query }`, output the callee's answer. */
export type PeerTool = InvokableTool<{ query: string }, string>;

let sharedClient: PeerClient | undefined;

/**
 * A Strands tool that delegates to another agent: input `{ query }`, output the callee's
 * answer. A failed call reaches the model as an error result it can read and work around,
 * never as an exception that ends the caller's turn.
 */
export function peerTool(options: PeerToolOptions): PeerTool {
  const target: PeerTarget = {
    agent: options.agent,
    toolName: options.toolName,
    envVar: options.envVar,
    ...(options.protocol ? { protocol: options.protocol } : {}),
    ...(options.forwardsUser ? { forwardsUser: true } : {}),
  };
  return tool({
    name: options.toolName,
    description: options.description,
    inputSchema: z.object({
      query: z.string().describe(`The request for ${options.agent}, complete and self-contained`),
    }),
    callback: async ({ query }, context?: ToolContext) => {
      const scope = scopeOf(context?.invocationState as Record<string, unknown> | undefined);
      // Outside a server (a unit test calling the agent directly) there is no session to carry.
      const sessionId = scope?.sessionId ?? `local-${randomUUID()}`;
      sharedClient ??= new PeerClient();
      const client = options.client ?? sharedClient;
      const { text, delegation } = await client.call(
        target,
        query,
        sessionId,
        scope?.trace,
        scope?.userId,
      );
      scope?.delegations.push(delegation);
      scope?.onDelegation?.(delegation);
      if (!delegation.ok) throw new Error(text);
      return text;
    },
  });
}
