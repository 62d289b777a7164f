import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentNode } from '../graph/agent-graph';
import { AGENT_ARTIFACT_DIR, AGENT_BUNDLE_FILE, AGENT_DOCKERFILE } from '../layout';

/** Where an agent's artifact folder is by default: `<projectDir>/agents/<snake>/dist`. */
export function defaultArtifactDir(projectDir: string, agent: AgentNode): string {
  return join(projectDir, agent.names.directory, AGENT_ARTIFACT_DIR);
}

/** The files a build mode needs in the artifact folder. */
export function requiredArtifactFiles(agent: AgentNode): readonly string[] {
  return agent.spec.buildMode === 'container'
    ? [AGENT_BUNDLE_FILE, AGENT_DOCKERFILE]
    : [AGENT_BUNDLE_FILE];
}

/**
 * Fails synthesis with a message a user can act on when the artifact folder is missing
 * something its build mode needs. Without this check a code-mode deploy would upload an
 * empty zip, and a container build would fail minutes later inside CodeBuild.
 */
export function checkArtifactDir(agent: AgentNode, directory: string): void {
  const where = `agent "${agent.spec.name}" (buildMode "${agent.spec.buildMode}")`;
  const fix =
    `build the agents' bundles before synthesizing (the bundle step writes ` +
    `${agent.names.directory}/${AGENT_ARTIFACT_DIR}/), or point artifactDirs.${agent.spec.name} ` +
    'at the folder that holds them';
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new Error(`${where}: artifact folder ${directory} does not exist; ${fix}`);
  }
  const missing = requiredArtifactFiles(agent).filter((f) => !existsSync(join(directory, f)));
  if (missing.length > 0) {
    throw new Error(
      `${where}: artifact folder ${directory} has no ${missing.join(' or ')}; ${fix}`,
    );
  }
}
