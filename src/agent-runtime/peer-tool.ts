import { randomUUID } from 'node:crypto';
import { type InvokableTool, type ToolContext, tool } from '@strands-agents/sdk';
import { z } from 'zod';
import { A2A_REQUEST_SCOPES } from './a2a';
import { PeerClient, type PeerTarget } from './peer-client';
import type { Delegation } from './protocol';

/** Where the server puts what one invocation's tools need, in Strands' invocation state. */
export const INVOCATION_SCOPE_KEY = 'agentcoreMultiagent';

/** Per-invocation data shared between the server and the peer tools. */
export interface InvocationScope {
  /** The caller's own AgentCore session id. */
  readonly sessionId: string;
  /** Every delegation of this invocation, in the order they ended. */
  readonly delegations: Delegation[];
  /** Told about each delegation as it ends (the SSE stream forwards it). */
  readonly onDelegation?: (delegation: Delegation) => void;
}

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
  };
  return tool({
    name: options.toolName,
    description: options.description,
    inputSchema: z.object({
      query: z.string().describe(`The request for ${options.agent}, complete and self-contained`),
    }),
    callback: async ({ query }, context?: ToolContext) => {
      const state = context?.invocationState;
      // An HTTP agent's server puts the scope in the state; an A2A agent's request context leads to it.
      const scope = (state?.[INVOCATION_SCOPE_KEY] ??
        A2A_REQUEST_SCOPES.get(state?.a2aRequestContext as object)) as InvocationScope | undefined;
      // Outside a server (a unit test calling the agent directly) there is no session to carry.
      const sessionId = scope?.sessionId ?? `local-${randomUUID()}`;
      sharedClient ??= new PeerClient();
      const client = options.client ?? sharedClient;
      const { text, delegation } = await client.call(target, query, sessionId);
      scope?.delegations.push(delegation);
      scope?.onDelegation?.(delegation);
      if (!delegation.ok) throw new Error(text);
      return text;
    },
  });
}
