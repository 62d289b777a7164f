import { AgentGraph, loadSystemFile } from 'create-agentcore-multiagent';
import { DevSystem, invokeAgent } from 'create-agentcore-multiagent/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Your tests: this file was written once and is yours to change.
//
// The whole system runs here as it does on AgentCore: each agent its own process, the
// agents calling each other through the real AWS SDK client against a local endpoint
// that speaks AgentCore's data-plane API. The offline model answers deterministically
// and delegates when a prompt asks for what a tool does, so this needs no AWS account.
const graph = AgentGraph.fromSpec(loadSystemFile('agents.json'));
const orchestrator = graph.orchestrator.spec.name;
let system: DevSystem;

// Starting every agent's process can outlast vitest's 10 s default on a busy machine; an
// agent that does not start at all is reported by DevSystem itself, with its output.
beforeAll(async () => {
  system = await DevSystem.start({ model: 'offline', watch: false, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await system?.close();
});

const ask = (prompt: string, sessionId?: string) =>
  invokeAgent({
    arn: system.agent(orchestrator).arn,
    endpointUrl: system.endpointUrl,
    prompt,
    sessionId,
    stream: false,
  });

describe(`${orchestrator}, running locally`, () => {
  it('answers a greeting', async () => {
    const result = await ask('Hello! What can you help with?');
    expect(result.response.length).toBeGreaterThan(0);
  });

  for (const { callee } of graph.callees(orchestrator)) {
    it(`delegates to ${callee.spec.name} when asked for what it does`, async () => {
      const result = await ask(callee.spec.description);
      const calls = result.delegations.map((d) => [d.agent, d.ok]);
      expect(calls).toContainEqual([callee.spec.name, true]);
    });
  }
});
