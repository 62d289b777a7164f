import { AgentGraph } from '../../src/graph/agent-graph';
import { validateSystem } from '../../src/spec/validate';

/** An orchestrator, two direct specialists, one reached through the researcher, one nobody calls. */
export const TEAM = AgentGraph.fromSpec(
  validateSystem({
    name: 'team',
    agents: [
      {
        name: 'orchestrator',
        role: 'orchestrator',
        description: 'Answers requests.',
        calls: ['researcher', 'writer'],
      },
      {
        name: 'researcher',
        role: 'specialist',
        description: 'Researches a topic in depth and reports the key facts with sources',
        calls: ['archivist'],
      },
      { name: 'writer', role: 'specialist', description: 'Drafts prose and poems.' },
      { name: 'archivist', role: 'specialist', description: 'Keeps the archive of past studies.' },
      { name: 'hermit', role: 'specialist', description: 'Talks to nobody.' },
    ],
  }),
);
