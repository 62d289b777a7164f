import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MultiAgentStack } from 'create-agentcore-multiagent/constructs';

// Your CDK app: this file was written once and is yours to change.
//
// The stack reads agents.json at every synth (its name, Region and agents: edit that file
// or run `npx projen add-agent`), and how it builds the agents belongs to
// create-agentcore-multiagent, so `npx projen upgrade` reaches them with no edit here.
const app = new App();
new MultiAgentStack(app);

// Your own resources go beside the agents; grant each agent exactly what it needs:
//
//   import { Bucket } from 'aws-cdk-lib/aws-s3';
//   const stack = new MultiAgentStack(app);
//   const documents = new Bucket(stack, 'Documents', { enforceSSL: true });
//   documents.grantRead(stack.system.agent('orchestrator'));

// cdk-nag's AWS Solutions rules run at every synth; a finding fails it. Acknowledge a
// finding on the one resource it concerns, with a reason, for example:
//   Validations.of(documents).acknowledge({ id: 'AwsSolutions-S1', reason: '...' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
