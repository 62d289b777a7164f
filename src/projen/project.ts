import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { awscdk, javascript, SampleFile } from 'projen';
import { starterCasesJson } from '../evals/starter';
import { AgentGraph } from '../graph/agent-graph';
import {
  AGENT_ARTIFACT_DIR,
  AGENTS_DIR,
  AGENTS_FILE,
  OUTPUTS_FILE,
  outputsFile,
  ROUTING_CASES_FILE,
} from '../layout';
import { renderAgentFiles } from '../render/agent-files';
import { systemView } from '../render/context';
import { TemplateEngine } from '../render/engine';
import { type RenderedFile, renderAgentGraphSection, renderReadme } from '../render/files';
import { readSystemFile } from '../spec/load';
import { SpecError } from '../spec/problems';
import type { SystemInput } from '../spec/schema';
import { checkSystem } from '../spec/validate';
import { BIOME_CONFIG } from './formatting';
import { GeneratedFile } from './generated-file';
import { ReadmeSection } from './readme-section';
import { addSystemTasks } from './tasks';
import { dependOnThisPackage, UPGRADE_OPTIONS } from './upgrade';
import { MIN_NODE_VERSION, VERSIONS } from './versions';

/** Options of {@link AgentCoreMultiAgentProject}. */
export interface AgentCoreMultiAgentProjectOptions
  extends Partial<Omit<awscdk.AwsCdkTypeScriptAppOptions, 'name'>> {
  /** The project (and npm package) name. */
  readonly name: string;
  /**
   * The system to write into `agents.json` when the file does not exist yet (a new
   * project). Once the file exists it is the only source, and this is ignored.
   * @default - the file must exist
   */
  readonly initialSystem?: SystemInput;
  /**
   * How the project depends on this package: a version, or a `file:` path to a packed
   * tarball or a checkout (to build a project before anything is published). Either is
   * recorded as is, and `npx projen upgrade` leaves it alone.
   * @default - the version that creates the project, which `npx projen upgrade` moves to
   * the newest
   */
  readonly packageSource?: string;
  /**
   * Installs the `openai` package, so agents can run on any OpenAI-compatible model
   * (`AGENT_MODEL_PROVIDER=openai` with `OPENAI_BASE_URL` and `OPENAI_MODEL_ID`) and
   * bundle that provider.
   * @default false - agents use Amazon Bedrock (or the offline model) only
   */
  readonly openAiProvider?: boolean;
}

/**
 * A multi-agent system on Amazon Bedrock AgentCore, as a projen project: the agents come
 * from `agents.json`; every file derived from it (delegation tools, server entries,
 * Dockerfiles, the README's agent graph) is managed and rewritten on each synth, while
 * each agent's `agent.ts`, the CDK app (`src/main.ts`), the tests and `agents.json` itself
 * belong to the user and are written once.
 */
export class AgentCoreMultiAgentProject extends awscdk.AwsCdkTypeScriptApp {
  /** The validated agent graph this project was synthesized from. */
  public readonly graph: AgentGraph;
  constructor(options: AgentCoreMultiAgentProjectOptions) {
    const { initialSystem, packageSource, openAiProvider, ...rest } = options;
    // The system is read before the project exists, so that the README projen writes for
    // a new project is this system's own rather than projen's placeholder.
    const outdir = resolve(rest.parent?.outdir ?? '.', rest.outdir ?? '.');
    const graph = readGraph(outdir, initialSystem);
    const engine = TemplateEngine.default();
    const readme = renderReadme(graph, engine);
    super({
      defaultReleaseBranch: 'main',
      cdkVersion: VERSIONS.awsCdkLib,
      cdkVersionPinning: true,
      cdkCliVersion: VERSIONS.awsCdkCli,
      constructsVersion: VERSIONS.constructs,
      projenVersion: VERSIONS.projen,
      typescriptVersion: VERSIONS.typescript,
      minNodeVersion: MIN_NODE_VERSION,
      packageManager: javascript.NodePackageManager.NPM,
      projenrcTs: true,
      sampleCode: false,
      jest: false,
      eslint: false,
      prettier: false,
      // The formatter this package uses, as the `biome` task that `npx projen test` runs.
      biome: true,
      biomeOptions: { version: VERSIONS.biome, biomeConfig: BIOME_CONFIG },
      github: false,
      release: false,
      licensed: false,
      requireApproval: awscdk.ApprovalLevel.NEVER,
      readme: { filename: readme.path, contents: readme.content },
      ...rest,
      depsUpgradeOptions: { ...UPGRADE_OPTIONS, ...rest.depsUpgradeOptions },
      // projen places a root project in a temporary folder when tests run; it must be
      // where the system was read from.
      outdir: rest.parent ? rest.outdir : outdir,
      bundlerOptions: { esbuildVersion: VERSIONS.esbuild, ...rest.bundlerOptions },
      tsconfig: {
        ...rest.tsconfig,
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022'],
          module: 'nodenext',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
          skipLibCheck: true,
          ...rest.tsconfig?.compilerOptions,
        },
      },
    });

    this.graph = graph;

    const biome = javascript.Biome.of(this);
    // The path it has once installed, so that installing changes no file.
    biome?.file.addOverride('$schema', 'node_modules/@biomejs/biome/configuration_schema.json');
    // The agents' code and the files a user edits besides src/ and test/; the files this
    // project generates are left out, as projen leaves out its own.
    for (const pattern of [`${AGENTS_DIR}/**`, AGENTS_FILE, 'evals/**']) {
      biome?.addFilePattern(pattern);
    }

    // projen records constructs as a caret range; pin it like every other dependency.
    this.deps.removeDependency('constructs');
    this.addDeps(
      `constructs@${VERSIONS.constructs}`,
      `@cdklabs/deploy-time-build@${VERSIONS.deployTimeBuild}`,
      `cdk-nag@${VERSIONS.cdkNag}`,
      `@strands-agents/sdk@${VERSIONS.strands}`,
      `bedrock-agentcore@${VERSIONS.bedrockAgentCore}`,
      `@aws-sdk/client-bedrock-agentcore@${VERSIONS.agentCoreClient}`,
      // Bundled into every agent: the A2A server and client, and SigV4 for A2A calls.
      `@a2a-js/sdk@${VERSIONS.a2aSdk}`,
      `express@${VERSIONS.express}`,
      `@smithy/signature-v4@${VERSIONS.signatureV4}`,
      `@aws-crypto/sha256-js@${VERSIONS.sha256}`,
      // Tracing: the API agents record through; SDK and exporters load when one is configured.
      `@opentelemetry/api@${VERSIONS.otelApi}`,
      `@opentelemetry/sdk-trace-node@${VERSIONS.otelSdkTraceNode}`,
      `@opentelemetry/sdk-trace-base@${VERSIONS.otelSdkTraceBase}`,
      `@opentelemetry/resources@${VERSIONS.otelResources}`,
      `@opentelemetry/exporter-trace-otlp-http@${VERSIONS.otelExporterHttp}`,
      `@opentelemetry/exporter-trace-otlp-proto@${VERSIONS.otelExporterProto}`,
      `@opentelemetry/core@${VERSIONS.otelCore}`,
      `@opentelemetry/otlp-transformer@${VERSIONS.otelTransformer}`,
      `@smithy/core@${VERSIONS.smithyCore}`,
      `zod@${VERSIONS.zod}`,
    );
    // Bundled only where installed (see the bundler): Bedrock-only agents stay smaller.
    if (openAiProvider) this.addDeps(`openai@${VERSIONS.openai}`);
    dependOnThisPackage(this, packageSource);
    this.addDevDeps(
      `vitest@${VERSIONS.vitest}`,
      `@types/node@${VERSIONS.nodeTypes}`,
      `ts-node@${VERSIONS.tsNode}`,
    );
    this.package.addEngine('node', `>=${MIN_NODE_VERSION}`);
    // An agent may be called like a pattern projen ignores anywhere (`logs`, `coverage`,
    // `node_modules`): re-include every agent folder after those patterns, then ignore
    // only the build output inside it. (projen drops a `/x/...` pattern added before a
    // `!/x/`, so the order matters.)
    this.gitignore.include(`/${AGENTS_DIR}/*/`);
    this.gitignore.exclude(
      `/${AGENTS_DIR}/*/${AGENT_ARTIFACT_DIR}/`,
      `/${OUTPUTS_FILE}`,
      `/${outputsFile('*')}`,
    );

    const view = systemView(this.graph);
    if (initialSystem) {
      new SampleFile(this, AGENTS_FILE, {
        contents: `${JSON.stringify(initialSystem, undefined, 2)}\n`,
      });
    }
    this.addRenderedFiles(renderAgentFiles(this.graph, engine));
    this.addRenderedFiles([
      // The user's: their own resources go beside the agents. Everything an upgrade must
      // reach is in MultiAgentStack; a main.ts an earlier version managed is listed in
      // .projen/files.json, so projen deletes it and this one takes its place.
      {
        path: 'src/main.ts',
        content: engine.render('project/main.ts.hbs', view),
        ownership: 'user',
      },
      {
        path: 'test/system.test.ts',
        content: engine.render('project/system.test.ts.hbs', view),
        ownership: 'user',
      },
      {
        path: 'test/agents.test.ts',
        content: engine.render('project/agents.test.ts.hbs', view),
        ownership: 'user',
      },
    ]);
    // The user's routing cases for `npx projen eval`: written once, from the graph of then.
    new SampleFile(this, ROUTING_CASES_FILE, { contents: starterCasesJson(this.graph) });
    new ReadmeSection(this, {
      file: readme.path,
      body: renderAgentGraphSection(this.graph, engine),
      replacePlaceholderWith: readme.content,
    });
    addSystemTasks(this);
  }

  private addRenderedFiles(files: readonly RenderedFile[]): void {
    for (const file of files) {
      if (file.ownership === 'managed') new GeneratedFile(this, file.path, file.content);
      else new SampleFile(this, file.path, { contents: file.content });
    }
  }
}

/**
 * The project's agent graph: from its agents.json, or for a new project (no file yet) from
 * the system it is created with.
 * @throws SpecError naming agents.json and every problem in it
 */
function readGraph(outdir: string, initialSystem: SystemInput | undefined): AgentGraph {
  const path = join(outdir, AGENTS_FILE);
  let input: unknown = initialSystem;
  if (existsSync(path)) input = readSystemFile(path);
  else if (!initialSystem) {
    throw new SpecError(
      [
        {
          path: '(file)',
          value: AGENTS_FILE,
          message: `does not exist in ${outdir}`,
          fix: 'restore it from version control, or create the project again with create-agentcore-multiagent',
        },
      ],
      AGENTS_FILE,
    );
  }
  const check = checkSystem(input);
  if (!check.spec) throw new SpecError(check.problems, AGENTS_FILE);
  return AgentGraph.fromSpec(check.spec);
}
