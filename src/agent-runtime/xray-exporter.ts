import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * The traces endpoint of CloudWatch (X-Ray) in a Region: OTLP over HTTP, protobuf or JSON,
 * SigV4-signed for the `xray` service.
 */
export function xrayTracesEndpoint(region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://xray.${region}.${domain}/v1/traces`;
}

/** What the exporter signs with; the AWS SDK's default chain (the runtime's role) by default. */
export interface SigV4ExporterOptions {
  readonly url: string;
  readonly region: string;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/**
 * Exports spans as OTLP protobuf to an endpoint that authenticates with SigV4, as AWS's
 * own distribution of OpenTelemetry does for X-Ray: the body is signed with the
 * credentials the AWS SDK finds (on AgentCore, the runtime's execution role).
 * Plain OTLP exporters cannot sign, because a signature covers the body.
 */
export class SigV4OtlpTraceExporter implements SpanExporter {
  private readonly sign: Promise<(request: SignableRequest) => Promise<Record<string, string>>>;
  private pending = new Set<Promise<void>>();

  constructor(private readonly options: SigV4ExporterOptions) {
    this.sign = signer(options);
  }

  public export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    // ExportResultCode's SUCCESS and FAILED, without loading its module for two numbers.
    const sent = this.send(spans).then(
      () => done({ code: 0 }),
      (error: Error) => done({ code: 1, error }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  public async shutdown(): Promise<void> {
    await this.forceFlush();
  }

  public async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async send(spans: ReadableSpan[]): Promise<void> {
    const { ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) throw new Error('the spans could not be serialized');
    const url = new URL(this.options.url);
    const headers = await (await this.sign)({
      url,
      body,
      headers: { 'content-type': 'application/x-protobuf', host: url.host },
    });
    // A copy on an ArrayBuffer of its own, the body type fetch is declared to take.
    const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body) });
    if (!response.ok) {
      throw new Error(`${url.host} refused the spans: ${response.status} ${await response.text()}`);
    }
  }
}

interface SignableRequest {
  readonly url: URL;
  readonly body: Uint8Array;
  readonly headers: Record<string, string>;
}

async function signer(options: SigV4ExporterOptions) {
  const [{ SignatureV4 }, { Sha256 }, { BedrockAgentCoreClient }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
    import('@aws-sdk/client-bedrock-agentcore'),
  ]);
  const v4 = new SignatureV4({
    service: 'xray',
    region: options.region,
    sha256: Sha256,
    // The AWS SDK's default chain: keys, profile, container or instance role.
    credentials:
      options.credentials ??
      new BedrockAgentCoreClient({ region: options.region }).config.credentials,
  });
  return async ({ url, body, headers }: SignableRequest) => {
    const signed = await v4.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers,
      body,
    });
    const { host: _host, ...sent } = signed.headers;
    return sent;
  };
}
