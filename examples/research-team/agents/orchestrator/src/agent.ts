/**
 * orchestrator: the agent's own code.
 *
 * Answers user requests and delegates research and writing to specialists.
 *
 * This file is yours: it was written once and is never regenerated. Change the prompt,
 * the model settings or add your own tools here. The delegation tools it imports from
 * ./generated/ follow agents.json and are rewritten whenever the agent graph changes.
 */
import { Agent, type ToolList } from '@strands-agents/sdk';
import { selectModel } from 'create-agentcore-multiagent/agent-runtime';
import { peerTools } from './generated/peers.js';

/** What the agent is told before every conversation. */
export const systemPrompt = `Answers user requests and delegates research and writing to specialists.

Answer simple questions yourself. When a request needs what one of your tools does, delegate to it and build your answer from its result.`;

/**
 * Amazon Bedrock with this model id by default. At run time AGENT_MODEL_PROVIDER picks
 * another provider: `openai` (any OpenAI-compatible server, e.g. a local LLM) or
 * `offline` (deterministic, for tests); MODEL_ID overrides the id.
 */
const model = selectModel({
  agentName: 'orchestrator',
  modelId: 'global.anthropic.claude-sonnet-4-6',
});

/** Your own tools: add Strands `tool({ name, description, inputSchema, callback })` here. */
const ownTools: ToolList = [];

/** Builds the agent of one session; the server keeps it for that session's follow-ups. */
export function createAgent(): Agent {
  return new Agent({
    name: 'orchestrator',
    systemPrompt,
    model,
    tools: [...peerTools, ...ownTools],
    printer: false,
  });
}
