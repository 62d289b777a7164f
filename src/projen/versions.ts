/** The name this package is published under; generated projects depend on it. */
export const PACKAGE_NAME = 'create-agentcore-multiagent';

/**
 * Exact versions of what this package and the projects it generates build on: one place,
 * read by this package's own `.projenrc.ts` and by every generated project, so both
 * always test and run the same code. Exact pins, because the registry serves only each
 * package's `latest` tag and a range would drift between installs.
 */
export const VERSIONS = {
  projen: '0.103.25',
  typescript: '5.9.3',
  biome: '2.6.8',
  nodeTypes: '22.20.5',
  tsNode: '10.9.2',
  vitest: '5.1.1',
  awsCdkLib: '2.276.0',
  awsCdkCli: '2.1148.1',
  constructs: '10.8.1',
  deployTimeBuild: '0.0.6',
  cdkNag: '3.0.2',
  esbuild: '0.28.2',
  strands: '1.19.0',
  bedrockAgentCore: '0.4.4',
  agentCoreClient: '3.1141.0',
  zod: '4.6.7',
  a2aSdk: '0.3.14',
  express: '5.3.0',
  signatureV4: '5.7.5',
  sha256: '5.2.0',
  // OpenTelemetry at the versions Strands' optional peers name (^0.219 / ^2.8), so the
  // tracer Strands already has and the SDK agents export with are one.
  otelApi: '1.9.1',
  otelSdkTraceNode: '2.8.0',
  otelSdkTraceBase: '2.8.0',
  otelResources: '2.8.0',
  otelExporterHttp: '0.219.0',
  otelExporterProto: '0.219.0',
  otelCore: '2.8.0',
  // The AWS SDK's event-stream codec, for dev's local Bedrock Runtime stand-in.
  smithyCore: '3.41.1',
  // Strands' OpenAI-compatible provider (its optional peer names ^6.45).
  openai: '6.49.0',
  otelTransformer: '0.219.0',
} as const;

/** The oldest Node.js the package and generated projects run on (vitest 5 and Strands need 22). */
export const MIN_NODE_VERSION = '22.12.0';
