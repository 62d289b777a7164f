import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * How an agent exports its spans, by OpenTelemetry's own environment variables, so any
 * OTLP backend (Jaeger, an OpenTelemetry Collector, a vendor's endpoint) works unchanged:
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) turns export on;
 * - `OTEL_EXPORTER_OTLP_PROTOCOL` (or `..._TRACES_PROTOCOL`) picks `http/protobuf`
 *   (OpenTelemetry's default) or `http/json`;
 * - `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` override the service name, which is
 *   the agent's name by default; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`
 *   turn it off, and the exporters read the rest (headers, timeouts, batching) themselves.
 * Unset, nothing is loaded and nothing exported: Strands' tracer and this package's spans
 * then record through OpenTelemetry's no-op API, and trace context still passes through.
 */

/** The protocols agents export with: OTLP over HTTP. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** What `startTelemetry` set up. */
export interface Telemetry {
  readonly protocol: OtlpProtocol;
  readonly endpoint: string;
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
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const protocol = otlpProtocol(env);
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, resources, exporter] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    exporterFor(protocol),
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
  return { protocol, endpoint, shutdown };
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
