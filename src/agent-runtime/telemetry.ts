import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SigV4OtlpTraceExporter, xrayTracesEndpoint } from './xray-exporter';

/**
 * How an agent exports its spans, by OpenTelemetry's own environment variables, so any
 * OTLP backend (Jaeger, an OpenTelemetry Collector, a vendor's endpoint) works unchanged:
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) turns export on;
 * - `OTEL_EXPORTER_OTLP_PROTOCOL` (or `..._TRACES_PROTOCOL`) picks `http/protobuf`
 *   (OpenTelemetry's default) or `http/json`;
 * - `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` override the service name, which is
 *   the agent's name by default; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`
 *   turn it off, and the exporters read the rest (headers, timeouts, batching) themselves.
 * - On AgentCore Runtime, `AGENT_OBSERVABILITY_ENABLED=true` (which AgentCore sets for the
 *   agents it hosts) sends spans where AWS's distribution of OpenTelemetry sends them:
 *   OTLP protobuf to the Region's CloudWatch (X-Ray) traces endpoint, SigV4-signed with
 *   the runtime's role, unless an OTLP endpoint is set; the service then shows in
 *   CloudWatch's GenAI observability. (AWS's distribution itself cannot instrument a
 *   single-file bundle, which loads no modules for it to hook.)
 * Unset, nothing is loaded and nothing exported: Strands' tracer and this package's spans
 * then record through OpenTelemetry's no-op API, and trace context still passes through.
 */

/** Set by AgentCore Runtime for the agents it hosts: their spans go to AgentCore Observability. */
export const AGENTCORE_OBSERVABILITY_ENV = 'AGENT_OBSERVABILITY_ENABLED';

/** The protocols agents export with: OTLP over HTTP. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** What `startTelemetry` set up. */
export interface Telemetry {
  readonly protocol: OtlpProtocol;
  /** Where spans go; `(from OTEL_* variables)` when the exporter reads them itself. */
  readonly endpoint: string;
  /** Whether requests are SigV4-signed (AgentCore Observability). */
  readonly signed: boolean;
  /** Sends every span still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts exporting spans when the environment asks for it; a no-op otherwise.
 * @returns what was set up, or undefined when export is off
 * @throws Error naming the variable when its protocol is not one agents speak
 */
export async function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry | undefined> {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const configured = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const signed = env[AGENTCORE_OBSERVABILITY_ENV] === 'true';
  if (!configured && !signed) return undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (signed && !region) {
    console.warn(
      `${AGENTCORE_OBSERVABILITY_ENV} is set but no AWS_REGION: spans are not exported; set AWS_REGION`,
    );
    return undefined;
  }
  const protocol = signed ? 'http/protobuf' : otlpProtocol(env);
  const endpoint = signed ? signedEndpoint(env, region as string) : configured;
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, resources, exporter] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    signed ? signedExporter(endpoint as string, region as string) : exporterFor(protocol),
  ]);
  // The agent's name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise.
  const resource = resources
    .resourceFromAttributes({ 'service.name': serviceName })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // Also installs the async context manager and the W3C trace-context and baggage
  // propagators that carry the trace across awaits and into delegated calls.
  provider.register();
  const shutdown = () => provider.shutdown();
  // Agents end by signal (AgentCore, `dev`): send what is buffered first.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown().finally(() => process.exit(0));
    });
  }
  return { protocol, endpoint: endpoint as string, signed, shutdown };
}

/** An OTLP endpoint from the variables, else the Region's X-Ray traces endpoint. */
function signedEndpoint(env: NodeJS.ProcessEnv, region: string): string {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`;
  }
  return xrayTracesEndpoint(region);
}

async function signedExporter(url: string, region: string): Promise<SpanExporter> {
  return new SigV4OtlpTraceExporter({ url, region });
}

/**
 * The OTLP protocol the environment names, OpenTelemetry's default when none.
 * @throws Error naming the variable, its value and the protocols agents speak
 */
export function otlpProtocol(env: NodeJS.ProcessEnv = process.env): OtlpProtocol {
  const name = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[name] || 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(value)) {
    throw new Error(
      `${name}="${value}" is not a protocol agents export with; use ${OTLP_PROTOCOLS.join(' or ')} (gRPC is not bundled into agents)`,
    );
  }
  return value as OtlpProtocol;
}

async function exporterFor(protocol: OtlpProtocol): Promise<SpanExporter> {
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}
