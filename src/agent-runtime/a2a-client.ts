import { randomUUID } from 'node:crypto';
import type { Client } from '@a2a-js/sdk/client';
import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { A2A_REPORT_KEY, endpointOverride, localizeUrl, runtimeUrl } from './a2a-contract';
import { type PeerAnswer, readReport } from './answer';
import { SESSION_HEADER } from './contract';
import { USER_ID_HEADER } from './memory-contract';
import type { TraceHeaders } from './trace-context';

/** An HTTP failure shaped like the AWS SDK's service errors, so callers classify both alike. */
export class AgentCoreHttpError extends Error {
  public readonly $metadata: { readonly httpStatusCode: number };

  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/**
 * Calls A2A agents on AgentCore with the protocol's own client (`@a2a-js/sdk`, JSON-RPC
 * `message/send`): requests go to the runtime URL of the callee's ARN, signed with SigV4
 * for `bedrock-agentcore` and carrying the caller's session in AgentCore's session header.
 * With `AWS_ENDPOINT_URL_BEDROCK_AGENTCORE` set (as `dev` does), the same requests go to
 * that endpoint instead of AWS's host.
 *
 * The callee's card is not fetched: AgentCore's A2A contract already fixes where and how a
 * runtime answers (JSON-RPC at its runtime URL), and the agent graph says which agent it
 * is, so a call needs one request and only the permission every edge grants,
 * `InvokeAgentRuntime` (reading a card through AgentCore takes `GetAgentCard` as well).
 */
export class A2APeerTransport {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly sdkClients = new Map<string, BedrockAgentCoreClient>();

  /**
   * @param env where the AgentCore endpoint override is read
   * @param credentials keys to sign with; by default the AWS SDK's default chain
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly credentials?: {
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
    },
  ) {}

  /**
   * Sends `query` to the A2A runtime `arn` in session `sessionId`.
   * @throws AgentCoreHttpError for the service's error answers; Error when the callee is unreachable
   */
  public async send(
    region: string,
    arn: string,
    query: string,
    sessionId: string,
    signal: AbortSignal,
    trace: TraceHeaders = {},
    userId?: string,
  ): Promise<PeerAnswer> {
    const client = await untilAborted(this.client(region, arn), signal);
    const result = await client.sendMessage(
      {
        message: {
          kind: 'message',
          messageId: randomUUID(),
          role: 'user',
          parts: [{ kind: 'text', text: query }],
        },
      },
      // Service parameters travel as HTTP headers: the session, the trace to continue, and
      // the user when the caller names one.
      {
        signal,
        serviceParameters: {
          ...trace,
          [SESSION_HEADER]: sessionId,
          ...(userId ? { [USER_ID_HEADER]: userId } : {}),
        },
      },
    );
    return readA2AResult(result);
  }

  private client(region: string, arn: string): Promise<Client> {
    let client = this.clients.get(arn);
    if (!client) {
      client = this.connect(region, arn);
      this.clients.set(arn, client);
      client.catch(() => this.clients.delete(arn));
    }
    return client;
  }

  private async connect(region: string, arn: string): Promise<Client> {
    const { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory } = await import(
      '@a2a-js/sdk/client'
    );
    const fetchImpl = await this.signedFetch(region);
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl })],
      }),
    );
    return factory.createFromAgentCard({
      name: arn,
      description: 'An A2A agent on AgentCore',
      url: runtimeUrl(arn),
      preferredTransport: 'JSONRPC',
      version: '1.0.0',
      protocolVersion: '0.3.0',
      capabilities: {},
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [],
    });
  }

  /** A `fetch` that sends to the configured endpoint, signs, and raises the service's errors. */
  private async signedFetch(region: string): Promise<typeof fetch> {
    const [{ SignatureV4 }, { Sha256 }] = await Promise.all([
      import('@smithy/signature-v4'),
      import('@aws-crypto/sha256-js'),
    ]);
    const signer = new SignatureV4({
      service: 'bedrock-agentcore',
      region,
      sha256: Sha256,
      // The AWS SDK's default chain: keys, profile, container or instance role.
      credentials: (await this.sdkClient(region)).config.credentials,
    });
    const endpoint = endpointOverride(this.env);
    return async (input, init) => {
      const url = new URL(
        localizeUrl(input instanceof Request ? input.url : String(input), endpoint),
      );
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => {
        headers[key] = value;
      });
      headers.host = url.host;
      const body = typeof init?.body === 'string' ? init.body : undefined;
      const query: Record<string, string> = {};
      url.searchParams.forEach((value, key) => {
        query[key] = value;
      });
      const signed = await signer.sign({
        method: init?.method ?? 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers,
        body,
      });
      const { host: _host, ...sent } = signed.headers;
      const response = await fetch(url, {
        method: init?.method ?? 'GET',
        headers: sent,
        body,
        signal: init?.signal,
      });
      const errorType = response.headers.get('x-amzn-errortype');
      if (!response.ok && errorType) {
        const text = await response.text();
        throw new AgentCoreHttpError(
          errorType.split(':')[0],
          serviceMessage(text) ?? `${response.status} ${response.statusText}`,
          response.status,
        );
      }
      return response;
    };
  }

  /** Loaded on the first call: only its credential chain is used. */
  private async sdkClient(region: string): Promise<BedrockAgentCoreClient> {
    let client = this.sdkClients.get(region);
    if (!client) {
      const { BedrockAgentCoreClient } = await import('@aws-sdk/client-bedrock-agentcore');
      client = new BedrockAgentCoreClient({
        region,
        ...(this.credentials ? { credentials: this.credentials } : {}),
      });
      this.sdkClients.set(region, client);
    }
    return client;
  }
}

/**
 * The text of an A2A result (a task's artifacts, else its status message; or a direct
 * message), a failed task's reason, and the callee's report from artifact metadata.
 */
export function readA2AResult(result: unknown): PeerAnswer {
  const value = result as {
    kind?: string;
    parts?: Part[];
    artifacts?: Array<{ parts?: Part[]; metadata?: Record<string, unknown> }>;
    status?: { state?: string; message?: { parts?: Part[] } };
  };
  if (value.kind === 'message') return { text: textOf(value.parts) };
  const artifacts = value.artifacts ?? [];
  const text =
    artifacts.map((a) => textOf(a.parts)).join('\n') || textOf(value.status?.message?.parts);
  const reported = artifacts
    .map((a) => a.metadata?.[A2A_REPORT_KEY])
    .filter(isObject)
    .at(-1);
  const state = value.status?.state;
  const answer = { text, ...(reported ? readReport(reported) : {}) };
  if (state === 'failed' || state === 'rejected' || state === 'canceled') {
    return { ...answer, error: text || `the task ended ${state}` };
  }
  return answer;
}

/** Settles as `work` does, or rejects with the signal's reason (a TimeoutError) first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

type Part = { kind: string; text?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(parts: Part[] | undefined): string {
  return (parts ?? [])
    .filter((p) => p.kind === 'text' && typeof p.text === 'string')
    .map((p) => p.text)
    .join('');
}

function serviceMessage(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const message = value.message ?? value.Message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return body.length > 0 ? body.slice(0, 2000) : undefined;
  }
}
