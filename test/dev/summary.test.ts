import { describe, expect, it } from 'vitest';
import type { Hop } from '../../src/dev/hop-log';
import { localRuntimeArn } from '../../src/dev/local-arn';
import { type DevSummary, devSummary, hopLine } from '../../src/dev/summary';

const ENDPOINT = 'http://127.0.0.1:8787';
const agents: DevSummary['agents'] = [
  {
    name: 'orchestrator',
    port: 41001,
    model: 'offline',
    arn: localRuntimeArn('eu-west-1', 'team_orchestrator'),
    protocol: 'HTTP',
  },
  {
    name: 'researcher',
    port: 41002,
    model: 'global.anthropic.claude-sonnet-4-6 (bedrock)',
    arn: localRuntimeArn('eu-west-1', 'team_researcher'),
    protocol: 'A2A',
  },
];
const summary: DevSummary = {
  endpointUrl: ENDPOINT,
  region: 'eu-west-1',
  agents,
  startsOnFirstCall: false,
};

describe('the summary dev prints once the system runs', () => {
  it('names the endpoint and lists each agent with its port, model and local ARN in columns', () => {
    const lines = devSummary(summary).split('\n');
    expect(lines).toContain(`AgentCore local endpoint: ${ENDPOINT}`);
    expect(lines).toContain(
      `  (AWS SDKs: AWS_ENDPOINT_URL_BEDROCK_AGENTCORE=${ENDPOINT}; AWS CLI: --endpoint-url ${ENDPOINT})`,
    );
    const header = lines.findIndex((l) => l.trim().startsWith('agent'));
    const table = lines.slice(header, header + 3);
    expect(table).toEqual([
      '  agent         port   model                                         local ARN',
      '  orchestrator  41001  offline                                       arn:aws:bedrock-agentcore:eu-west-1:000000000000:runtime/team_orchestrator-local',
      '  researcher    41002  global.anthropic.claude-sonnet-4-6 (bedrock)  arn:aws:bedrock-agentcore:eu-west-1:000000000000:runtime/team_researcher-local',
    ]);
  });

  it('offers commands that invoke the first agent through the endpoint, in its region', () => {
    const text = devSummary(summary);
    expect(text).toContain('  npx agentcore-multiagent invoke orchestrator "Hello"');
    expect(text).toContain(
      `aws bedrock-agentcore invoke-agent-runtime --endpoint-url ${ENDPOINT} --region eu-west-1 --no-sign-request --agent-runtime-arn ${agents[0].arn} --payload fileb:///dev/stdin /dev/stdout`,
    );
    // The first agent speaks HTTP: the CLI example sends a prompt, not a JSON-RPC message.
    expect(text).toContain(`echo '{"prompt":`);
    expect(text).not.toContain('message/send');
  });

  it('says how agents start and what the local memory keeps, only when that applies', () => {
    const plain = devSummary(summary);
    expect(plain).not.toContain('Memory ');
    expect(plain).not.toContain('starts on its first call');

    const full = devSummary({
      ...summary,
      memory: { id: 'team_memory-local', longTerm: ['semantic', 'userPreference'] },
      startsOnFirstCall: true,
    });
    expect(full).toContain(
      'Memory team_memory-local: sessions survive restarts of agents and of dev',
    );
    expect(full).toContain('long-term (semantic, userPreference) is a stand-in');
    expect(full).toContain('Each agent starts on its first call');

    const shortTermOnly = devSummary({ ...summary, memory: { id: 'm', longTerm: [] } });
    expect(shortTermOnly).toContain('Memory m: sessions survive');
    expect(shortTermOnly).not.toContain('long-term');
  });
});

describe('the line dev prints per call through the endpoint', () => {
  const hop: Hop = {
    id: 'h1',
    agent: 'researcher',
    protocol: 'HTTP',
    sessionId: 'session-1',
    startedAt: 0,
    prompt: 'Research tides',
    state: 'ok',
    status: 200,
    durationMs: 12,
  };

  it('gives the agent, status, time and session, then tokens and cost when known', () => {
    expect(hopLine(hop)).toBe('[endpoint] researcher 200 in 12 ms (session session-1)');
    const usage = { inputTokens: 1000, outputTokens: 234, totalTokens: 1234 };
    expect(hopLine({ ...hop, totalUsage: usage })).toBe(
      '[endpoint] researcher 200 in 12 ms (session session-1) · 1,234 tokens',
    );
    expect(hopLine({ ...hop, totalUsage: usage, totalCostUsd: 0.0123 })).toBe(
      '[endpoint] researcher 200 in 12 ms (session session-1) · 1,234 tokens · $0.0123',
    );
  });

  it('ends with the error the caller was told for a failed call', () => {
    expect(hopLine({ ...hop, state: 'failed', status: 424, error: 'researcher exited' })).toBe(
      '[endpoint] researcher 424 in 12 ms (session session-1): researcher exited',
    );
  });
});
