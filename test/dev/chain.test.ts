import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { DevSystem } from '../../src/dev/system';
import { createProject, type TestProject } from './harness';

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

  it('carries one session through every hop and reports nested delegations', async () => {
    const sessionId = `chain-session-${'7'.repeat(30)}`;
    const client = new BedrockAgentCoreClient({
      region: 'us-east-1',
      endpoint: system.endpointUrl,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    });
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
    const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    expect(answer.delegations).toHaveLength(1);
    const [toPlanner] = answer.delegations;
    expect(toPlanner).toMatchObject({ agent: 'planner', ok: true, sessionId });
    expect(toPlanner.delegations).toHaveLength(1);
    expect(toPlanner.delegations?.[0]).toMatchObject({ agent: 'analyst', ok: true, sessionId });
    expect(answer.response).toContain('call_analyst answered: analyst (offline model) received');
  });
});
