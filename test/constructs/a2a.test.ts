import { describe, expect, it } from 'vitest';
import { AgentGraph } from '../../src/graph/agent-graph';
import { validateSystem } from '../../src/spec/validate';
import { synth } from '../constructs/fixtures';
import {
  actionsOf,
  type CfnTemplate,
  dependencyGraph,
  resourcesOf,
  statementsByRole,
} from '../constructs/template-graph';
import { MIXED_TEAM } from '../dev/harness';

describe('a synthesized system with A2A agents', () => {
  const spec = validateSystem(MIXED_TEAM);
  const graph = AgentGraph.fromSpec(spec);
  // The built-in CloudFormation validator checks the A2A protocol value too.
  const { template, system } = synth(spec, {}, { validate: true });
  const json = template.toJSON() as CfnTemplate;
  const runtimes = Object.entries(json.Resources).filter(
    ([, r]) => r.Type === 'AWS::BedrockAgentCore::Runtime',
  );
  const logicalId = (agent: string) => logicalIdOf(system.agent(agent).runtime.node.defaultChild);

  it('sets the A2A protocol on exactly the A2A agents, HTTP on the others', () => {
    const byName = Object.fromEntries(
      runtimes.map(([, r]) => [
        r.Properties?.AgentRuntimeName,
        r.Properties?.ProtocolConfiguration,
      ]),
    );
    expect(byName).toEqual(
      Object.fromEntries(graph.agents.map((a) => [a.names.runtimeName, a.spec.protocol])),
    );
    expect(Object.values(byName).filter((p) => p === 'A2A')).toHaveLength(1);
  });

  it('gives each agent a ready-to-paste greeting in the body its protocol reads', () => {
    const outputs = json.Outputs as Record<string, { Value: unknown }>;
    const command = (agent: string) =>
      JSON.stringify(outputs[`${graph.agent(agent).names.constructId}InvokeCommand`].Value);
    expect(command('researcher')).toContain('message/send');
    expect(command('orchestrator')).toContain('{\\"prompt\\":\\"Hello\\"}');
  });

  it('wires A2A edges as HTTP ones: variable, invoke grant on exactly the callee, order', () => {
    for (const [caller, callee] of [
      ['orchestrator', 'researcher'],
      ['researcher', 'archivist'],
    ] as const) {
      const callerRuntime = json.Resources[logicalId(caller)];
      const env = callerRuntime.Properties?.EnvironmentVariables as Record<string, unknown>;
      expect(env[graph.agent(callee).names.envVar]).toEqual({
        'Fn::GetAtt': [logicalId(callee), 'AgentRuntimeArn'],
      });
      const role = logicalIdOf(system.agent(caller).runtime.role.node.defaultChild);
      const targets = (statementsByRole(json).get(role) ?? [])
        .filter((st) => actionsOf(st).includes('bedrock-agentcore:InvokeAgentRuntime'))
        .flatMap((st) => resourcesOf(st).map((r) => JSON.stringify(r)));
      // Exactly the caller's callees, the A2A one among them, each as ARN and ARN/*.
      const expected = graph.callees(caller).flatMap((edge) => {
        const arn = { 'Fn::GetAtt': [logicalId(edge.callee.spec.name), 'AgentRuntimeArn'] };
        return [JSON.stringify(arn), JSON.stringify({ 'Fn::Join': ['', [arn, '/*']] })];
      });
      expect(targets.sort()).toEqual(expected.sort());
      expect(dependencyGraph(json).get(logicalId(caller))).toContain(logicalId(callee));
    }
  });
});

function logicalIdOf(element: unknown): string {
  const cfn = element as { stack: { getLogicalId(e: unknown): string } };
  return cfn.stack.getLogicalId(cfn);
}
