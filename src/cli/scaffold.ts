import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentGraph } from '../graph/agent-graph';
import { TemplateEngine } from '../render/engine';
import { createProject } from '../render/write';
import { SpecError } from '../spec/problems';
import type { SystemInput } from '../spec/schema';
import { checkSystem } from '../spec/validate';

/** What to scaffold, and where. */
export interface ScaffoldOptions {
  readonly target: string;
  readonly system: SystemInput;
  /** How the project depends on this package (`file:` path or version); see detectPackageSource. */
  readonly packageSource?: string;
  /** Install the OpenAI-compatible provider's package; see the project option. @default false */
  readonly openAiProvider?: boolean;
  /** Add to a non-empty directory (never overwriting a file). */
  readonly force?: boolean;
  /** Where the system came from, for error messages (a spec file's path). */
  readonly source?: string;
}

/** What was scaffolded. */
export interface ScaffoldResult {
  readonly graph: AgentGraph;
  readonly warnings: readonly string[];
}

/**
 * Creates a complete generated project: its `.projenrc.ts` and `agents.json`, and every
 * file the project type synthesizes from them, all staged first and moved into place only
 * when whole.
 * @throws SpecError when the system is invalid (nothing is written)
 * @throws WriteError when the target is not empty or a file would be overwritten
 */
export async function scaffoldProject(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const check = checkSystem(options.system);
  const spec = check.spec;
  if (!spec) throw new SpecError(check.problems, options.source);
  const graph = AgentGraph.fromSpec(spec);
  const projenrc = TemplateEngine.default().render('project/projenrc.ts.hbs', {
    name: spec.name,
    packageSource: options.packageSource,
    openAiProvider: options.openAiProvider,
  });
  // Loaded only now: projen is the heaviest thing the scaffolder needs, and `--help`,
  // prompts and validation errors do not.
  const { AgentCoreMultiAgentProject } = await import('../projen/project.js');

  createProject(
    options.target,
    (staging) => {
      writeFileSync(join(staging, '.projenrc.ts'), projenrc);
      withoutPostSynthesis(() => {
        const project = new AgentCoreMultiAgentProject({
          name: spec.name,
          packageSource: options.packageSource,
          openAiProvider: options.openAiProvider,
          outdir: staging,
          initialSystem: options.system,
        });
        project.synth();
      });
    },
    { force: options.force },
  );
  return { graph, warnings: check.warnings };
}

/** Synthesizes without projen's post step (`npm install`): installing is the caller's choice. */
function withoutPostSynthesis(synth: () => void): void {
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    synth();
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previous;
  }
}
