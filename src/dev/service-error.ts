import { randomUUID } from 'node:crypto';

/** What an error answer needs of a response, HTTP/1 (the endpoint) or HTTP/2 (Bedrock's stand-in). */
interface ErrorResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/**
 * An AWS service's error answer, as the local stand-ins give it: the SDK reads the error's
 * type from the `x-amzn-errortype` header and its text from `message`, so the caller's
 * SDK raises the same exception class a real service would make it raise.
 */
export function sendServiceError(
  res: ErrorResponse,
  status: number,
  type: string,
  message: string,
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ message }));
}
