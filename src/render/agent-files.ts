import type { AgentGraph } from '../graph/agent-graph';
import { AGENT_LAYOUT, AGENT_PORTS, AGENTS_TSCONFIG } from '../layout';
import type { Protocol } from '../spec/schema';
import { systemView } from './context';
import { TemplateEngine } from './engine';
import type { RenderedFile } from './files';

/** Per protocol: the template of the server entry. */
const ENTRY_TEMPLATES: Readonly<Record<Protocol, string>> = {
  HTTP: 'agent/src/generated/main.ts.hbs',
  A2A: 'agent/src/generated/main-a2a.ts.hbs',
};

/**
 * Renders the code of every agent: its user-owned `agent.ts` (written once), its managed
 * delegation tools, server entry, Dockerfile and tsconfig, and the compiler settings all
 * agents share (rewritten on every render). Same graph in, same bytes out.
 */
export function renderAgentFiles(graph: AgentGraph, engine = new TemplateEngine()): RenderedFile[] {
  const view = systemView(graph);
  const shared: RenderedFile = {
    path: AGENTS_TSCONFIG,
    content: engine.render('project/tsconfig.agents.json.hbs', {
      include: view.agents.map((agent) => `${agent.directory}/${AGENT_LAYOUT.sourceDir}/**/*.ts`),
    }),
    ownership: 'managed',
  };
  return [
    shared,
    ...view.agents.flatMap((agent) => {
      const at = (file: string) => `${agent.directory}/${file}`;
      const protocol = agent.protocol as Protocol;
      const toRoot = agent.directory.split('/').map(() => '..');
      const context = {
        ...agent,
        systemName: view.name,
        longTermMemory: view.longTermMemory,
        port: AGENT_PORTS[protocol],
        sharedTsconfig: [...toRoot, AGENTS_TSCONFIG].join('/'),
      };
      return [
        {
          path: at(AGENT_LAYOUT.agentSource),
          content: engine.render('agent/src/agent.ts.hbs', context),
          ownership: 'user' as const,
        },
        {
          path: at(AGENT_LAYOUT.peers),
          content: engine.render('agent/src/generated/peers.ts.hbs', context),
          ownership: 'managed' as const,
        },
        {
          path: at(AGENT_LAYOUT.entry),
          content: engine.render(ENTRY_TEMPLATES[protocol], context),
          ownership: 'managed' as const,
        },
        {
          path: at(AGENT_LAYOUT.dockerfile),
          content: engine.render('agent/Dockerfile.hbs', context),
          ownership: 'managed' as const,
        },
        {
          path: at(AGENT_LAYOUT.tsconfig),
          content: engine.render('agent/tsconfig.json.hbs', context),
          ownership: 'managed' as const,
        },
      ];
    }),
  ];
}
