import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import {
  type BedrockCall,
  type BedrockReply,
  LocalBedrockRuntime,
} from '../../src/dev/bedrock-runtime';
import { DevSystem } from '../../src/dev/system';
import { createProject, localClient, type TestProject } from './harness';

const MODEL = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIABEDROCKTEST00000', AWS_SECRET_ACCESS_KEY: 'bedrock-test' };

/** The last message's tool results, as the wire carries them. */
const toolResults = (call: BedrockCall) =>
  (call.request.messages.at(-1)?.content ?? []).flatMap((b) =>
    b.toolResult ? [b.toolResult] : [],
  );
const tools = (call: BedrockCall) =>
  (call.request.toolConfig?.tools ?? []).flatMap((t) => (t.toolSpec ? [t.toolSpec] : []));

/**
 * A scripted model: the orchestrator (it has the call_ tools) asks the writer for a poem,
 * then answers from the writer's result; the writer answers in text. Usage numbers are
 * fixed per answer so they can be followed into the delegation records.
 */
function script(call: BedrockCall): BedrockReply {
  if (tools(call).some((t) => t.name === 'call_writer')) {
    const results = toolResults(call);
    if (results.length === 0) {
      return {
        toolUses: [{ name: 'call_writer', input: { query: 'A four-line poem about rivers' } }],
        usage: { inputTokens: 100, outputTokens: 10 },
      };
    }
    const text = results
      .flatMap((r) => r.content ?? [])
      .map((c) => c.text ?? '')
      .join('');
    return { text: `Here is your poem. ${text}`, usage: { inputTokens: 150, outputTokens: 20 } };
  }
  return { text: 'Rivers run and rivers bend.', usage: { inputTokens: 40, outputTokens: 6 } };
}

/**
 * The Bedrock code path every deployed agent takes, run offline: the generated agents'
 * real Bedrock provider (Strands' BedrockModel on the AWS SDK's Bedrock Runtime client)
 * talks ConverseStream to a local stand-in on the real wire, event-stream frames
 * included, and delegates through the local AgentCore endpoint.
 */
describe('agents on the Bedrock provider, against a Bedrock Runtime stand-in', () => {
  let project: TestProject;
  let system: DevSystem;
  const bedrock = new LocalBedrockRuntime(script);

  beforeAll(async () => {
    const bedrockUrl = await bedrock.listen();
    project = await createProject({
      name: 'poets',
      region: 'eu-west-1',
      modelId: MODEL,
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'Answers requests.' },
        { name: 'writer', role: 'specialist', description: 'Writes poems on any subject.' },
        { name: 'researcher', role: 'specialist', description: 'Researches facts.' },
      ],
    });
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'bedrock',
      watch: false,
      env: { ...KEYS, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrockUrl, PEER_CALL_MAX_ATTEMPTS: '1' },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
    await bedrock.close();
  });

  it('delegates as the model asks, and Bedrock saw the model, Region, tools and results', async () => {
    const client = localClient(system.endpointUrl, { region: 'eu-west-1' });
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: `bedrock-path-${'0'.repeat(40)}`,
        contentType: 'application/json',
        payload: new TextEncoder().encode(JSON.stringify({ prompt: 'Write me a poem' })),
      }),
    );
    const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    expect(answer.response).toBe('Here is your poem. Rivers run and rivers bend.');
    expect(answer.delegations.map((d) => [d.agent, d.tool, d.ok])).toEqual([
      ['writer', 'call_writer', true],
    ]);

    // Three model calls, all streamed, all for the configured model in the system's Region.
    expect(bedrock.calls.map((c) => [c.modelId, c.region, c.streamed])).toEqual([
      [MODEL, 'eu-west-1', true],
      [MODEL, 'eu-west-1', true],
      [MODEL, 'eu-west-1', true],
    ]);
    const [first, writer, second] = bedrock.calls;
    // The orchestrator's tools: the generated names, the descriptions from agents.json.
    expect(tools(first).map((t) => [t.name, t.description])).toEqual([
      ['call_writer', 'Writes poems on any subject.'],
      ['call_researcher', 'Researches facts.'],
    ]);
    expect(tools(first)[0].inputSchema?.json).toMatchObject({
      type: 'object',
      properties: { query: { type: 'string' } },
      required: ['query'],
    });
    expect(first.request.messages[0].content[0].text).toBe('Write me a poem');
    // The writer got the query the model wrote, and no delegation tools of its own.
    expect(writer.request.messages[0].content[0].text).toBe('A four-line poem about rivers');
    expect(tools(writer)).toEqual([]);
    // The tool result went back to Bedrock with the writer's answer.
    expect(toolResults(second)).toHaveLength(1);
    expect(toolResults(second)[0]).toMatchObject({
      status: 'success',
      content: [{ text: 'Rivers run and rivers bend.' }],
    });

    // The usage Bedrock reported flows into the answer and the delegation record.
    expect(answer.model).toBe(MODEL);
    expect(answer.usage).toEqual({ inputTokens: 250, outputTokens: 30, totalTokens: 280 });
    expect(answer.delegations[0]).toMatchObject({
      model: MODEL,
      usage: { inputTokens: 40, outputTokens: 6, totalTokens: 46 },
      totalUsage: { inputTokens: 40, outputTokens: 6, totalTokens: 46 },
    });
    expect(answer.totalUsage).toEqual({ inputTokens: 290, outputTokens: 36, totalTokens: 326 });
  });
});

describe('dev --model bedrock-local', () => {
  it('runs the agents on the Bedrock provider against its own stand-in', async () => {
    const project = await createProject({
      name: 'local-bedrock',
      agents: [
        { name: 'orchestrator', role: 'orchestrator', description: 'Answers requests.' },
        { name: 'writer', role: 'specialist', description: 'Writes poems on any subject.' },
      ],
    });
    const output: string[] = [];
    const system = await DevSystem.start({
      projectDir: project.dir,
      model: 'bedrock-local',
      watch: false,
      log: (line) => output.push(line),
    });
    try {
      expect(output.join('\n')).toContain('Bedrock Runtime stand-in: http://127.0.0.1:');
      expect(system.agent('orchestrator').model).toBe('bedrock global.anthropic.claude-sonnet-4-6');
      const client = localClient(system.endpointUrl);
      const out = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          contentType: 'application/json',
          payload: new TextEncoder().encode(JSON.stringify({ prompt: 'Write poems about tea' })),
        }),
      );
      const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
      expect(answer.delegations.map((d) => d.agent)).toEqual(['writer']);
      expect(answer.response).toContain('call_writer answered: bedrock (offline model) received');
      expect(answer.model).toBe('global.anthropic.claude-sonnet-4-6');
      expect(answer.totalUsage?.totalTokens).toBeGreaterThan(0);
    } finally {
      await system.close();
      await project.remove();
    }
  });
});
