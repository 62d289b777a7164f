import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignedRequest } from '../sigv4';

/** One span as an OTLP receiver sees it, whichever encoding it came in. */
export interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 2 server, 3 client, 1 internal. */
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean>;
}

/**
 * A small OTLP/HTTP trace receiver, as a collector is one: `POST /v1/traces` in JSON
 * (`application/json`) or protobuf (`application/x-protobuf`), decoded here with nothing
 * of the exporters' own code.
 */
export class OtlpReceiver {
  public readonly spans: ReceivedSpan[] = [];
  /** Every export request, in order. */
  public readonly requests: SignedRequest[] = [];
  /** The content type of every export request, in order. */
  public readonly contentTypes: string[] = [];
  private server?: Server;

  /** @returns the base URL to put in OTEL_EXPORTER_OTLP_ENDPOINT */
  public async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const type = String(req.headers['content-type'] ?? '');
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        this.contentTypes.push(type);
        const body = Buffer.concat(chunks);
        this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        this.spans.push(...(type.includes('json') ? fromJson(body) : fromProtobuf(body)));
        res.writeHead(200, { 'content-type': type }).end(type.includes('json') ? '{}' : '');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Waits until `ready` holds for the spans received so far. */
  public async waitFor(ready: (spans: ReceivedSpan[]) => boolean, timeoutMs = 15_000) {
    const started = Date.now();
    while (!ready(this.spans)) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `spans did not arrive in time; received: ${this.spans.map((s) => `${s.service}:${s.name}`).join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

type JsonValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };

function fromJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans: Array<{
      resource?: { attributes?: Array<{ key: string; value: JsonValue }> };
      scopeSpans: Array<{
        spans: Array<{
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind: number;
          attributes?: Array<{ key: string; value: JsonValue }>;
        }>;
      }>;
    }>;
  };
  const attrs = (list: Array<{ key: string; value: JsonValue }> = []) =>
    Object.fromEntries(
      list.map(({ key, value }) => [
        key,
        value.stringValue ??
          (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? '')),
      ]),
    );
  return request.resourceSpans.flatMap((rs) => {
    const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
    return rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        service,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind,
        attributes: attrs(s.attributes),
      })),
    );
  });
}

/**
 * Decodes OTLP's `ExportTraceServiceRequest` from protobuf's wire format by field number
 * (opentelemetry/proto/trace/v1/trace.proto, common/v1/common.proto).
 */
function fromProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fields(body).get(1) ?? []) {
    const rs = fields(resourceSpans as Buffer);
    const resource = fields((rs.get(1)?.[0] as Buffer) ?? Buffer.alloc(0));
    const service = String(keyValues(resource.get(1))['service.name'] ?? '');
    for (const scopeSpans of rs.get(2) ?? []) {
      for (const raw of fields(scopeSpans as Buffer).get(2) ?? []) {
        const span = fields(raw as Buffer);
        const hex = (n: number) =>
          ((span.get(n)?.[0] as Buffer) ?? Buffer.alloc(0)).toString('hex');
        spans.push({
          service,
          traceId: hex(1),
          spanId: hex(2),
          parentSpanId: hex(4),
          name: ((span.get(5)?.[0] as Buffer) ?? Buffer.alloc(0)).toString('utf8'),
          kind: Number(span.get(6)?.[0] ?? 0),
          attributes: keyValues(span.get(9)),
        });
      }
    }
  }
  return spans;
}

/** KeyValue messages (key = 1, AnyValue = 2 with string 1, bool 2, int 3). */
function keyValues(
  list: Array<Buffer | number> | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const raw of list ?? []) {
    const kv = fields(raw as Buffer);
    const key = ((kv.get(1)?.[0] as Buffer) ?? Buffer.alloc(0)).toString('utf8');
    const value = fields((kv.get(2)?.[0] as Buffer) ?? Buffer.alloc(0));
    const [text] = (value.get(1) ?? []) as Buffer[];
    if (text) out[key] = text.toString('utf8');
    else if (value.has(2)) out[key] = value.get(2)?.[0] === 1;
    else if (value.has(3)) out[key] = Number(value.get(3)?.[0]);
  }
  return out;
}

/** One message's fields: varints as numbers, length-delimited ones as buffers, fixed ones skipped. */
function fields(buffer: Buffer): Map<number, Array<Buffer | number>> {
  const out = new Map<number, Array<Buffer | number>>();
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buffer[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (at < buffer.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    let value: Buffer | number | undefined;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = varint();
      value = buffer.subarray(at, at + length);
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unexpected protobuf wire type ${wire}`);
    if (value !== undefined) out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}
