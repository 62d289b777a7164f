import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** A request as a server received it, body included. */
export interface SignedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string | Uint8Array;
}

/**
 * The `Authorization` header AWS would compute for a request, signed again here from
 * what arrived (the headers it says it signed, its date, its body) with the keys it
 * should have used: equal to the one received only if the signature is right.
 */
export async function expectedSignature(
  request: SignedRequest,
  signing: {
    readonly service: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  },
): Promise<string> {
  const authorization = String(request.headers.authorization);
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1].split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = String(request.headers[name]);
  const url = new URL(request.url, `http://${request.headers.host}`);
  const amzDate = String(request.headers['x-amz-date']);
  const signer = new SignatureV4({ ...signing, sha256: Sha256 });
  const again = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body.length > 0 ? request.body : undefined,
    },
    {
      signingDate: new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      ),
    },
  );
  return String(again.headers.authorization);
}
