import { A2A_PORT } from './agent-runtime/a2a-contract';
import { DEFAULT_PORT } from './agent-runtime/config';
import type { Protocol } from './spec/schema';

/**
 * The facts of a generated project's layout: where its files are, what its artifacts are
 * called, which port each agent serves on. The renderer writes by them, the bundler and
 * the constructs read by them, `dev` watches by them; one place, so that they cannot
 * disagree, and so that the bundler and `dev` learn a folder's name without loading the
 * renderer and its templates.
 */

/** The file a generated project describes its agents in; `add-agent` and `remove-agent` edit it. */
export const AGENTS_FILE = 'agents.json';

/** The folder of a generated project that holds one folder per agent. */
export const AGENTS_DIR = 'agents';

/**
 * Managed, at the project's root: the compiler settings every agent shares, including every
 * live agent's code, so that one compiler run type-checks the whole system (esbuild bundles;
 * nothing is emitted). One run loads the SDKs' declarations once instead of once per agent.
 */
export const AGENTS_TSCONFIG = 'tsconfig.agents.json';

/**
 * Where an agent's deployable artifact lives, relative to its folder: the bundle step
 * writes `dist/index.mjs` (one self-contained esbuild bundle) and `dist/Dockerfile` there,
 * and both build modes upload exactly that folder, so one agent's change never touches
 * another's asset.
 */
export const AGENT_ARTIFACT_DIR = 'dist';
/** The bundle's file name inside the artifact folder; also the code-mode entry point. */
export const AGENT_BUNDLE_FILE = 'index.mjs';
/** The container build's recipe inside the artifact folder, written by the bundle step. */
export const AGENT_DOCKERFILE = 'Dockerfile';

/**
 * The layout of one agent's folder, relative to it. The renderer writes these files, the
 * bundler reads them, and the `dev` command watches them.
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
  dockerfile: AGENT_DOCKERFILE,
  /** Managed: the agent's compiler settings for editors, extending {@link AGENTS_TSCONFIG}. */
  tsconfig: 'tsconfig.json',
  /** The deployable artifact: `dist/index.mjs` and `dist/Dockerfile`. */
  bundle: `${AGENT_ARTIFACT_DIR}/${AGENT_BUNDLE_FILE}`,
  artifactDir: AGENT_ARTIFACT_DIR,
} as const;

/** The port AgentCore sends an agent's requests to, per protocol; its Dockerfile exposes it. */
export const AGENT_PORTS: Readonly<Record<Protocol, number>> = {
  HTTP: DEFAULT_PORT,
  A2A: A2A_PORT,
};

/** The routing cases `eval` sends to the orchestrator; written once, then the user's. */
export const ROUTING_CASES_FILE = 'evals/routing.json';

/** Where a generated project's `deploy` writes the stack outputs, for `invoke` and `test-deployed`. */
export const OUTPUTS_FILE = 'cdk-outputs.json';

/**
 * The stack outputs file of a deployment: `cdk-outputs.json` for a system without stages,
 * `cdk-outputs.<stage>.json` for a stage, so that deploying one stage never overwrites
 * what `invoke` needs to reach another.
 */
export function outputsFile(stage?: string): string {
  return stage === undefined ? OUTPUTS_FILE : `cdk-outputs.${stage}.json`;
}
