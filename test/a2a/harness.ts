import type { SystemInput } from '../../src/spec/schema';

/**
 * A mixed system: an HTTP orchestrator delegating to an A2A researcher and an HTTP
 * writer; the A2A researcher itself delegates to an HTTP archivist, so an A2A agent is
 * both a callee and a caller. Descriptions let the offline model route by their words.
 */
export const MIXED_TEAM: SystemInput = {
  name: 'mixed-team',
  region: 'us-east-1',
  agents: [
    {
      name: 'orchestrator',
      role: 'orchestrator',
      description: 'Answers user requests and delegates research and writing to specialists.',
      calls: ['researcher', 'writer'],
    },
    {
      name: 'researcher',
      role: 'specialist',
      protocol: 'A2A',
      description: 'Researches a topic in depth and reports the key facts.',
      calls: ['archivist'],
    },
    {
      name: 'writer',
      role: 'specialist',
      description: 'Drafts prose: turns notes into a clear essay or poem.',
    },
    {
      name: 'archivist',
      role: 'specialist',
      description: 'Looks up archived records and old newspapers.',
    },
  ],
};

/** AgentCore session ids have 33 to 256 characters. */
export const session = (label: string) => `${label}-${'0'.repeat(40)}`.slice(0, 48);
