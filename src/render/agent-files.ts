import type { AgentGraph } from '../graph/agent-graph';
import { AGENT_ARTIFACT_DIR, AGENT_BUNDLE_FILE } from '../graph/names';
import type { Protocol } from '../spec/schema';
import { systemView } from './context';
import { TemplateEngine } from './engine';
import type { RenderedFile } from './files';

/**
 * The layout of one agent's folder, relative to it. The renderer writes these files, the
 * bundler reads them, and the `dev` command watches them: one place for all three.
 */
export const AGENT_LAYOUT = {
  /** User-owned: prompt, model settings, own tools. */
  agentSource: 'src/agent.ts',
  /** Everything that, when it changes, needs a new bundle. */
  sourceDir: 'src',
  /** Managed: one delegation tool per callee. */
  peers: 'src/generated/peers.ts',
  /** Managed: the server entry (HTTP or A2A, as the agent's protocol says), and the bundle's entry point. */
  entry: 'src/generated/main.ts',
  /** Managed: the image recipe, copied beside the bundle for the container build. */
  dockerfile: 'Dockerfile',
  /** Managed: the agent's compiler settings for editors, extending {@link AGENTS_TSCONFIG}. */
  tsconfig: 'tsconfig.json',
  /** The deployable artifact: `dist/index.mjs` and `dist/Dockerfile`. */
  bundle: `${AGENT_ARTIFACT_DIR}/${AGENT_BUNDLE_FILE}`,
  artifactDir: AGENT_ARTIFACT_DIR,
} as const;

/**
 * Managed, at the project's root: the compiler settings every agent shares, including every
 * live agent's code, so that one compiler run type-checks the whole system (esbuild bundles;
 * nothing is emitted). One run loads the SDKs' declarations once instead of once per agent.
 */
export const AGENTS_TSCONFIG = 'tsconfig.agents.json';

/**
 * Per protocol: the server entry's template and the port AgentCore sends requests to,
 * which the Dockerfile sets.
 */
const PROTOCOL_FILES: Readonly<
  Record<Protocol, { readonly entry: string; readonly port: number }>
> = {
  HTTP: { entry: 'agent/src/generated/main.ts.hbs', port: 8080 },
  A2A: { entry: 'agent/src/generated/main-a2a.ts.hbs', port: 9000 },
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
      const protocol = PROTOCOL_FILES[agent.protocol as Protocol];
      const toRoot = agent.directory.split('/').map(() => '..');
      const context = {
        ...agent,
        systemName: view.name,
        longTermMemory: view.longTermMemory,
        port: protocol.port,
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
          content: engine.render(protocol.entry, context),
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
