import type { AgentGraph } from '../graph/agent-graph';
import { AGENTS_FILE } from '../layout';
import { systemView } from './context';
import { TemplateEngine } from './engine';
import { AGENT_GRAPH_SECTION, wrapSection } from './sections';

/**
 * Who owns a rendered file: `managed` files are rewritten on every render and upgrade;
 * `user` files are written once, when absent, and never touched again.
 */
export type Ownership = 'managed' | 'user';

/** One file to write, relative to the project root. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  readonly ownership: Ownership;
}

/** Renders the README section that documents the agent graph (Mermaid diagram and table). */
export function renderAgentGraphSection(
  graph: AgentGraph,
  engine = TemplateEngine.default(),
): string {
  return engine.render('readme/agent-graph.md.hbs', systemView(graph));
}

/** Renders a system's README: the user's to edit, holding the managed agent-graph section. */
export function renderReadme(graph: AgentGraph, engine = TemplateEngine.default()): RenderedFile {
  const section = wrapSection(AGENT_GRAPH_SECTION, renderAgentGraphSection(graph, engine));
  return {
    path: 'README.md',
    content: engine.render('readme/README.md.hbs', {
      ...systemView(graph),
      agentGraphSection: section,
    }),
    ownership: 'user',
  };
}

/**
 * Renders the files of a system that exist before any agent code: its README (user-owned,
 * with the agent-graph section managed) and its `agents.json`. Same graph in, same bytes out.
 */
export function renderSystemFiles(
  graph: AgentGraph,
  agentsJson: string,
  engine = TemplateEngine.default(),
): RenderedFile[] {
  return [
    { path: AGENTS_FILE, content: agentsJson, ownership: 'user' },
    renderReadme(graph, engine),
  ];
}
