import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { addUsage, type Usage } from '../../src/agent-runtime/usage';
import { formatDelegation } from '../../src/dev/invoke';
import { DevSystem } from '../../src/dev/system';
import { totalCostUsd } from '../../src/spec/prices';
import { createProject, localClient, type TestProject } from './harness';

/** orchestrator → planner → analyst: a specialist that delegates in turn. */
describe('a chain of delegations', () => {
  let project: TestProject;
  let system: DevSystem;

  beforeAll(async () => {
    project = await createProject({
      name: 'chain',
      agents: [
        {
          name: 'orchestrator',
          role: 'orchestrator',
          description: 'Answers requests.',
          calls: ['planner'],
        },
        {
          name: 'planner',
          role: 'specialist',
          description: 'Plans market studies and hands number crunching to the analyst.',
          calls: ['analyst'],
        },
        {
          name: 'analyst',
          role: 'specialist',
          description: 'Crunches numbers: statistics and forecasts of market figures.',
        },
      ],
    });
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      log: () => {},
    });
  });
  afterAll(async () => {
    await system?.close();
    await project?.remove();
  });

  async function ask(sessionId: string): Promise<AgentResponse> {
    const client = localClient(system.endpointUrl);
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: sessionId,
        contentType: 'application/json',
        payload: new TextEncoder().encode(
          JSON.stringify({ prompt: 'Forecast the market figures for tea' }),
        ),
      }),
    );
    return JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
  }

  it('carries one session through every hop and reports nested delegations', async () => {
    const sessionId = `chain-session-${'7'.repeat(30)}`;
    const answer = await ask(sessionId);
    expect(answer.delegations).toHaveLength(1);
    const [toPlanner] = answer.delegations;
    expect(toPlanner).toMatchObject({ agent: 'planner', ok: true, sessionId });
    expect(toPlanner.delegations).toHaveLength(1);
    expect(toPlanner.delegations?.[0]).toMatchObject({ agent: 'analyst', ok: true, sessionId });
    expect(answer.response).toContain('call_analyst answered: analyst (offline model) received');
  });

  describe('tokens and cost on every hop', () => {
    it('adds up each hop and everything below it, the same for the same request', async () => {
      const first = await ask(`usage-one-${'1'.repeat(30)}`);
      const again = await ask(`usage-two-${'2'.repeat(30)}`);
      const [planner] = first.delegations;
      const [analyst] = planner.delegations ?? [];
      for (const hop of [first, planner, analyst]) {
        expect(hop.model).toBe('offline');
        expect(hop.usage?.inputTokens).toBeGreaterThan(0);
        expect(hop.usage?.outputTokens).toBeGreaterThan(0);
        expect(hop.usage?.totalTokens).toBe(
          (hop.usage?.inputTokens ?? 0) + (hop.usage?.outputTokens ?? 0),
        );
      }
      expect(analyst.totalUsage).toEqual(analyst.usage);
      expect(planner.totalUsage).toEqual(addUsage(planner.usage, analyst.totalUsage));
      expect(first.totalUsage).toEqual(addUsage(first.usage, planner.totalUsage));
      // The offline model counts words: the same request costs the same in a new session.
      expect(again.totalUsage).toEqual(first.totalUsage);
      expect(again.delegations[0].usage).toEqual(planner.usage);
    });

    it("prices each hop by its own model, the project's prices first", async () => {
      const answer = await ask(`usage-cost-${'3'.repeat(30)}`);
      const total = answer.totalUsage as Usage;
      expect(totalCostUsd(answer)).toBe(0);
      // One dollar per input token and two per output token make the sum checkable.
      const dear = { offline: { inputPerMillionTokens: 1e6, outputPerMillionTokens: 2e6 } };
      expect(totalCostUsd(answer, dear)).toBeCloseTo(total.inputTokens + 2 * total.outputTokens, 6);
      const unknown = { ...answer.delegations[0], model: 'acme.unknown-model' };
      expect(totalCostUsd({ ...answer, delegations: [unknown] }, dear)).toBeUndefined();
      const lines = formatDelegation(answer.delegations[0], dear);
      expect(lines[0]).toMatch(
        new RegExp(
          `^→ planner \\(call_planner\\) ok \\d+ ms · ${answer.delegations[0].totalUsage?.totalTokens.toLocaleString('en-US')} tokens · \\$`,
        ),
      );
      expect(lines[1]).toMatch(/^ {2}→ analyst \(call_analyst\) ok \d+ ms · [\d,]+ tokens · \$/);
    });
  });
});
