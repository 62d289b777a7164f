import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MultiAgentSystem, type MultiAgentSystemProps } from '../../src/constructs';
import { AgentGraph } from '../../src/graph/agent-graph';
import { AGENT_ARTIFACT_DIR, AGENT_BUNDLE_FILE, AGENT_DOCKERFILE } from '../../src/layout';
import type { SystemInput, SystemSpec } from '../../src/spec/schema';
import { validateSystem } from '../../src/spec/validate';

/** orchestrator → a, orchestrator → b, a → c, b → c. */
export function diamond(overrides: Partial<SystemInput> = {}): SystemSpec {
  return validateSystem({
    name: 'diamond',
    agents: [
      {
        name: 'orchestrator',
        role: 'orchestrator',
        description: 'Routes requests.',
        calls: ['a', 'b'],
      },
      { name: 'a', role: 'specialist', description: 'Does A.', calls: ['c'] },
      { name: 'b', role: 'specialist', description: 'Does B.', calls: ['c'] },
      { name: 'c', role: 'specialist', description: 'Does C.' },
    ],
    ...overrides,
  });
}

/** A chain-free system: one orchestrator calling `count - 1` specialists. */
export function star(count: number, overrides: Partial<SystemInput> = {}): SystemSpec {
  const specialists = Array.from({ length: count - 1 }, (_, i) => `s${i + 1}`);
  return validateSystem({
    name: 'star',
    agents: [
      { name: 'orchestrator', role: 'orchestrator', description: 'Routes.', calls: specialists },
      ...specialists.map((name) => ({ name, role: 'specialist' as const, description: name })),
    ],
    ...overrides,
  });
}

/**
 * Writes a generated project's artifact folders (`agents/<snake>/dist/index.mjs` and its
 * Dockerfile) under a fresh temporary directory; `content` varies one agent's bundle.
 */
export function projectWithArtifacts(
  spec: SystemSpec,
  content: (agent: string) => string = (agent) => `export const agent = '${agent}';\n`,
  root: string = mkdtempSync(join(tmpdir(), 'agentcore-constructs-')),
): string {
  for (const node of AgentGraph.fromSpec(spec).agents) {
    const dir = join(root, node.names.directory, AGENT_ARTIFACT_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, AGENT_BUNDLE_FILE), content(node.spec.name));
    writeFileSync(
      join(dir, AGENT_DOCKERFILE),
      `FROM public.ecr.aws/docker/library/node:22-slim\nCOPY ${AGENT_BUNDLE_FILE} /app/\nCMD ["node", "/app/${AGENT_BUNDLE_FILE}"]\n`,
    );
  }
  return root;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly system: MultiAgentSystem;
  readonly template: Template;
}

/** Synthesizes one stack holding one system; the built-in validator is off unless asked. */
export function synth(
  spec: SystemSpec,
  props: Partial<MultiAgentSystemProps> = {},
  options: { validate?: boolean; projectDir?: string; app?: App } = {},
): Synthesized {
  const app =
    options.app ?? new App({ builtinCloudFormationValidation: options.validate ?? false });
  const stack = new Stack(app, 'Agents', { env: { account: '123456789012', region: 'us-east-1' } });
  const system = new MultiAgentSystem(stack, 'System', {
    system: spec,
    projectDir: options.projectDir ?? projectWithArtifacts(spec),
    ...props,
  });
  return { app, stack, system, template: Template.fromStack(stack) };
}
