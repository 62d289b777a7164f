import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Delegation } from './protocol';

/**
 * W3C trace context as it travels between agents: HTTP headers on the wire, and
 * `InvokeAgentRuntime`'s `traceParent`, `traceState` and `baggage` fields.
 */
export interface TraceHeaders {
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly baggage?: string;
}

const TRACE_HEADERS = ['traceparent', 'tracestate', 'baggage'] as const;

/** The spans this package adds to the ones Strands records: invocations and delegations. */
const tracer = () => trace.getTracer('create-agentcore-multiagent');

/** The trace context a request arrived with (Node's lower-case headers); undefined when none. */
export function incomingTrace(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): TraceHeaders | undefined {
  const found: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value.length > 0) found[name] = value;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/** An invocation's server span, and the way to run its work inside it. */
export interface InvocationSpan {
  /** Runs `work` with the span active, so the spans it starts hang below it. */
  run<T>(work: () => T): T;
  end(error?: unknown): void;
}

/**
 * Starts the server span of an invocation, continuing the caller's trace, so that
 * Strands' agent, model and tool spans and every delegation hang below it. Without an
 * OpenTelemetry SDK (no exporter configured) it records nothing and costs nothing.
 */
export function startInvocationSpan(
  name: string,
  attributes: Record<string, string>,
  received: TraceHeaders | undefined,
): InvocationSpan {
  const parent = received ? propagation.extract(ROOT_CONTEXT, received) : ROOT_CONTEXT;
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  const active = trace.setSpan(parent, span);
  return {
    run: (work) => context.with(active, work),
    end: (error) => {
      if (error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      }
      span.end();
    },
  };
}

/**
 * Runs a delegated call as a client span (callee, tool, outcome, tokens) and hands it
 * the trace context to send: the span's own when this agent records spans, else the
 * context the invocation arrived with, so a trace passes through unchanged.
 */
export async function inDelegationSpan(
  callee: string,
  tool: string,
  received: TraceHeaders | undefined,
  call: (outgoing: TraceHeaders) => Promise<Delegation>,
): Promise<Delegation> {
  return tracer().startActiveSpan(
    `delegate ${callee}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.tool.name': tool, 'agentcore_multiagent.callee': callee },
    },
    async (span) => {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      try {
        const delegation = await call({ ...received, ...carrier });
        span.setAttributes({
          'agentcore_multiagent.delegation.ok': delegation.ok,
          'agentcore_multiagent.delegation.attempts': delegation.attempts,
          'agentcore_multiagent.delegation.duration_ms': delegation.durationMs,
          ...(delegation.model ? { 'gen_ai.response.model': delegation.model } : {}),
          ...(delegation.totalUsage
            ? {
                'gen_ai.usage.input_tokens': delegation.totalUsage.inputTokens,
                'gen_ai.usage.output_tokens': delegation.totalUsage.outputTokens,
              }
            : {}),
        });
        if (!delegation.ok)
          span.setStatus({ code: SpanStatusCode.ERROR, message: delegation.error });
        return delegation;
      } finally {
        span.end();
      }
    },
  );
}
