import { javascript, typescript } from 'projen';

// Exact pins everywhere: the registry here serves only `latest` dist-tags, so a
// range would drift between a developer's install and CI's.
const AWS_CDK_LIB = '2.276.0';
const CONSTRUCTS = '10.8.1';

const project = new typescript.TypeScriptProject({
  name: 'create-agentcore-multiagent',
  description:
    'Scaffold and maintain multi-agent systems on Amazon Bedrock AgentCore: N Strands agents, generated delegation tools, least-privilege IAM and CDK infrastructure from one agent graph.',
  license: 'Apache-2.0',
  copyrightOwner: 'create-agentcore-multiagent contributors',
  authorName: 'create-agentcore-multiagent contributors',
  repository: 'https://github.com/create-agentcore-multiagent/create-agentcore-multiagent',
  keywords: ['aws', 'bedrock', 'agentcore', 'strands', 'multi-agent', 'cdk', 'projen', 'scaffold'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // TypeScript 7 has no compiler API (breaks ts-node, and so .projenrc.ts).
  typescriptVersion: '5.9.3',
  // Without minNodeVersion projen asks for an `@types/node@ts5.9` dist-tag that the
  // registry does not serve.
  minNodeVersion: '22.12.0',
  projenVersion: '0.103.25',
  github: false,
  release: false,
  jest: false,
  eslint: false,
  prettier: false,
  biome: true,
  biomeOptions: {
    version: '2.6.8',
    biomeConfig: {
      formatter: { indentStyle: javascript.biome_config.IndentStyle.SPACE, lineWidth: 100 },
      javascript: { formatter: { quoteStyle: javascript.biome_config.QuoteStyle.SINGLE } },
      files: { includes: ['**', '!templates', '!API.md', '!test/**/fixtures'] },
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
    'zod@4.6.7',
    'handlebars@4.7.10',
    'esbuild@0.28.2',
    '@cdklabs/deploy-time-build@0.0.6',
    '@aws-sdk/client-bedrock-agentcore@3.1141.0',
  ],
  peerDeps: [`aws-cdk-lib@${AWS_CDK_LIB}`, `constructs@${CONSTRUCTS}`],
  devDeps: [
    'vitest@5.1.1',
    'fast-check@4.10.2',
    'typedoc@0.28.20',
    'typedoc-plugin-markdown@4.14.1',
    '@types/node@22.20.5',
    'ts-node@10.9.2',
    // What generated agents and their tests import; here so this package's own tests can
    // build and run generated systems.
    '@strands-agents/sdk@1.19.0',
    'bedrock-agentcore@0.4.4',
    'cdk-nag@3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
  ],
  bin: { 'create-agentcore-multiagent': 'lib/cli/create.js' },
  npmignoreEnabled: true,
  gitignore: ['/.tmp/'],
});

project.package.addEngine('node', '>=22.12.0');
project.addFields({ files: ['lib', 'templates', 'API.md', 'README.md'] });

// Tests run on vitest (projen ships only a jest component); vitest strips types without
// checking them, so the tests and benchmarks are type-checked first.
project.testTask.exec('tsc --noEmit -p test/tsconfig.json');
project.testTask.exec('vitest run');
project.addTask('test:watch', { exec: 'vitest' });

// API.md is rendered from the exported API; `build` regenerates it, and the
// stale-check step makes a build fail when the committed copy differs.
const docgen = project.addTask('docgen', {
  description: 'Render API.md from the exported API',
  exec: 'node scripts/docgen.mjs',
});
project.postCompileTask.spawn(docgen);

project.addTask('bench', {
  description:
    'Run the benchmarks under bench/ (all, or those whose names start with the arguments)',
  exec: 'node bench/run.mjs',
  receiveArgs: true,
});

project.synth();
