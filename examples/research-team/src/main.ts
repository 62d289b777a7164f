import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MultiAgentStack } from 'create-agentcore-multiagent/constructs';

// Your CDK app: this file was written once and is yours to change.
//
// The stacks read agents.json at every synth (its name, Region and agents: edit that file
// or run `npx projen add-agent`), and how they build the agents belongs to
// create-agentcore-multiagent, so `npx projen upgrade` reaches them with no edit here.
// One stack named after the system, or with "stages" in agents.json one per stage
// (`<system>-<stage>`, each in its own account and Region).
const app = new App();
MultiAgentStack.forStages(app);

// Your own resources go beside the agents, in each stack; grant each agent exactly what
// it needs, in place of the line above:
//
//   import { Bucket } from 'aws-cdk-lib/aws-s3';
//   for (const stack of MultiAgentStack.forStages(app)) {
//     const documents = new Bucket(stack, 'Documents', { enforceSSL: true });
//     documents.grantRead(stack.system.agent('orchestrator'));
//   }

// cdk-nag's AWS Solutions rules run at every synth; a finding fails it. Acknowledge a
// finding on the one resource it concerns, with a reason, for example:
//   Validations.of(documents).acknowledge({ id: 'AwsSolutions-S1', reason: '...' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
