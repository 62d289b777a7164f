import { AgentCoreMultiAgentProject } from 'create-agentcore-multiagent/projen';

// The agents live in agents.json (edit it, or run `npx projen add-agent`); the options
// here shape the project around them. See AgentCoreMultiAgentProjectOptions in the
// package's API.md. After a change, run `npx projen` to regenerate the managed files.
const project = new AgentCoreMultiAgentProject({
  name: 'research-team',
});
project.synth();
