import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AgentGraph, loadSystemFile } from 'create-agentcore-multiagent';
import { MultiAgentSystem } from 'create-agentcore-multiagent/constructs';
import { describe, expect, it } from 'vitest';

// Your tests: this file was written once and is yours to change.
const spec = loadSystemFile('agents.json');
const graph = AgentGraph.fromSpec(spec);

function synth() {
  // The CloudFormation validator built into aws-cdk-lib stays on: a template it rejects fails here.
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: spec.region } });
  const system = new MultiAgentSystem(stack, 'Agents', { system: graph });
  return { system, template: Template.fromStack(stack) };
}

describe(`the ${spec.name} system`, () => {
  const { template } = synth();

  it('has one AgentCore runtime per agent', () => {
    template.resourceCountIs('AWS::BedrockAgentCore::Runtime', graph.agents.length);
  });

  it('gives every caller the ARNs of exactly its callees', () => {
    for (const agent of graph.agents) {
      const variables = graph.callees(agent.spec.name).map((edge) => edge.callee.names.envVar);
      const runtime = Object.values(template.findResources('AWS::BedrockAgentCore::Runtime')).find(
        (r) => r.Properties.AgentRuntimeName === agent.names.runtimeName,
      );
      expect(runtime, agent.spec.name).toBeDefined();
      const environment = Object.keys(runtime?.Properties.EnvironmentVariables ?? {});
      const arnVariables = environment.filter((key) => key.endsWith('_AGENT_ARN'));
      expect(arnVariables.sort()).toEqual(variables.sort());
    }
  });

  it('grants no wildcard invoke permission', () => {
    template.allResourcesProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.not(
          Match.arrayWith([Match.objectLike({ Action: 'bedrock-agentcore:*', Resource: '*' })]),
        ),
      },
    });
  });
});
