import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../src/agent-runtime/protocol';
import { DevSystem } from '../../src/dev/system';
import { expectedSignature } from '../sigv4';
import { createProject, localClient, MIXED_TEAM, session, type TestProject } from './harness';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

const SERVER = 2;
const CLIENT = 3;

/**
 * One trace per request across every agent: an HTTP orchestrator delegates to an A2A
 * researcher, which delegates to an HTTP archivist; each exports its spans to a real
 * OTLP/HTTP receiver in the protocol OTEL_EXPORTER_OTLP_PROTOCOL names.
 */
const KEYS = { accessKeyId: 'AKIAOTELTESTKEY00000', secretAccessKey: 'otel-test-secret' };

/** How an agent is told to export: OTLP's own variables, or AgentCore's for its hosted agents. */
const EXPORTS = [
  {
    label: 'OTLP http/protobuf',
    protocol: 'http/protobuf',
    env: (url: string) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: url }),
  },
  {
    label: 'OTLP http/json',
    protocol: 'http/json',
    env: (url: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    }),
  },
  {
    // What AgentCore Runtime sets for the agents it hosts; the traces endpoint stands in
    // for the Region's X-Ray one, which takes SigV4-signed OTLP protobuf.
    label: 'AgentCore Observability, SigV4-signed',
    protocol: 'http/protobuf',
    env: (url: string) => ({
      AGENT_OBSERVABILITY_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${url}/v1/traces`,
      AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    }),
  },
];

describe.each(EXPORTS)('spans exported: $label', ({ label, protocol, env }) => {
  let project: TestProject;
  let system: DevSystem;
  const receiver = new OtlpReceiver();

  beforeAll(async () => {
    const endpoint = await receiver.start();
    project = await createProject(MIXED_TEAM);
    system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      env: { ...env(endpoint), OTEL_BSP_SCHEDULE_DELAY: '50', PEER_CALL_MAX_ATTEMPTS: '1' },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await system?.close();
    await project?.remove();
    await receiver.close();
  });

  it('continues the caller’s trace through every hop, with parent links that form one tree', async () => {
    const traceId = 'a3ce929d0e0e47364bf92f3577b34da6';
    const callerSpan = '00f067aa0ba902b7';
    const client = localClient(system.endpointUrl);
    const out = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: system.agent('orchestrator').arn,
        runtimeSessionId: session(`trace-${label.replace(/\W+/g, '-')}`),
        contentType: 'application/json',
        traceParent: `00-${traceId}-${callerSpan}-01`,
        payload: new TextEncoder().encode(
          JSON.stringify({ prompt: 'Research the archived newspapers and old records of tea' }),
        ),
      }),
    );
    const answer = JSON.parse((await out.response?.transformToString()) ?? '') as AgentResponse;
    expect(answer.delegations.map((d) => d.agent)).toEqual(['researcher']);
    expect(answer.delegations[0].delegations?.map((d) => d.agent)).toEqual(['archivist']);

    const serverSpan = (service: string) => (spans: ReceivedSpan[]) =>
      spans.find((s) => s.service === service && s.kind === SERVER && s.traceId === traceId);
    await receiver.waitFor((spans) =>
      ['orchestrator', 'researcher', 'archivist'].every((a) => serverSpan(a)(spans)),
    );
    expect(receiver.contentTypes[0]).toContain(
      protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
    );
    if (label.includes('SigV4')) {
      for (const request of receiver.requests) {
        expect(request.headers.authorization).toMatch(/\/us-east-1\/xray\/aws4_request/);
        expect(
          await expectedSignature(request, {
            service: 'xray',
            region: 'us-east-1',
            credentials: KEYS,
          }),
        ).toBe(request.headers.authorization);
      }
    }
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan) => {
      const chain: ReceivedSpan[] = [];
      for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
      return chain;
    };

    // The orchestrator's invocation continues the caller's span.
    const orchestrator = serverSpan('orchestrator')(spans) as ReceivedSpan;
    expect(orchestrator.parentSpanId).toBe(callerSpan);
    expect(orchestrator.attributes['gen_ai.agent.name']).toBe('orchestrator');

    // Each delegation is a client span of the caller, and the callee's invocation its child.
    for (const [caller, callee] of [
      ['orchestrator', 'researcher'],
      ['researcher', 'archivist'],
    ]) {
      const delegation = spans.find(
        (s) => s.service === caller && s.kind === CLIENT && s.name === `delegate ${callee}`,
      );
      expect(delegation, `${caller} → ${callee}`).toBeDefined();
      expect(delegation?.attributes).toMatchObject({
        'gen_ai.tool.name': `call_${callee}`,
        'agentcore_multiagent.callee': callee,
        'agentcore_multiagent.delegation.ok': true,
      });
      expect(serverSpan(callee)(spans)?.parentSpanId).toBe(delegation?.spanId);
      // The delegation sits under the tool call Strands records, under the caller's invocation.
      const above = ancestors(delegation as ReceivedSpan);
      const invocation = above.findIndex((s) => s.spanId === serverSpan(caller)(spans)?.spanId);
      expect(invocation).toBeGreaterThan(0);
      const within = above.slice(0, invocation);
      expect(within.map((s) => s.name)).toContain(`execute_tool call_${callee}`);
      expect(within.every((s) => s.service === caller)).toBe(true);
    }

    // Strands' own spans, named by service, and every span in the one trace.
    for (const agent of ['orchestrator', 'researcher', 'archivist']) {
      const names = spans.filter((s) => s.service === agent).map((s) => s.name);
      expect(names, agent).toEqual(
        expect.arrayContaining([`invoke_agent ${agent}`, 'chat', `invoke_agent_runtime ${agent}`]),
      );
    }
    expect(
      spans.every((s) => ancestors(s).at(-1)?.spanId === orchestrator.spanId || s === orchestrator),
    ).toBe(true);
  });
});
