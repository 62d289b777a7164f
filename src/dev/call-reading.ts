import { readA2AResult } from '../agent-runtime/a2a-client';
import { readAnswer } from '../agent-runtime/answer';
import { parseSse } from '../agent-runtime/sse';
import type { HopOutcome } from './hop-log';

/**
 * What the local endpoint reads of the calls it passes on, for its hop log: the prompt of
 * a request and the outcome of its answer, in either protocol. Reading never changes
 * what is passed on; anything unreadable is recorded as what it is.
 */

/** The prompt of an HTTP `{"prompt"}` payload or an A2A `message/send` / `message/stream`. */
export function promptOf(protocol: 'HTTP' | 'A2A', body: Buffer): string {
  const value = parse(body.toString('utf8')) as Record<string, unknown> | undefined;
  if (protocol === 'HTTP') {
    return typeof value?.prompt === 'string' ? value.prompt : body.toString('utf8');
  }
  const message = (value?.params as { message?: { parts?: Part[] } } | undefined)?.message;
  return textOf(message?.parts) || body.toString('utf8');
}

/** How a call ended, from the status the caller got and the answer's body. */
export function outcomeOf(
  protocol: 'HTTP' | 'A2A',
  status: number,
  contentType: string,
  body: string,
): HopOutcome {
  if (status >= 400) {
    const value = parse(body) as { message?: unknown } | undefined;
    return { ok: false, status, error: typeof value?.message === 'string' ? value.message : body };
  }
  if (protocol === 'HTTP') {
    const { text, error, delegations: _delegations, ...report } = readAnswer(body, contentType);
    return {
      ok: error === undefined,
      status,
      answer: text,
      ...report,
      ...(error ? { error } : {}),
    };
  }
  const results = contentType.includes('text/event-stream')
    ? parseSse(body).map(({ data }) => parse(data))
    : [parse(body)];
  let answer = '';
  let report: Omit<HopOutcome, 'ok' | 'status'> = {};
  for (const rpc of results as Array<{ result?: unknown; error?: { message?: string } }>) {
    if (rpc?.error)
      return { ok: false, status, error: rpc.error.message ?? JSON.stringify(rpc.error) };
    if (rpc?.result === undefined) continue;
    const read = readA2AResult(streamedAsTask(rpc.result));
    const { text, error, delegations: _delegations, ...reported } = read;
    if (error !== undefined) return { ok: false, status, error, ...reported };
    answer += text;
    report = { ...report, ...reported };
  }
  return { ok: true, status, answer, ...report };
}

/**
 * A `message/stream` event in the shape `readA2AResult` reads: an artifact update as a
 * task holding that artifact, a status update as a task in that status.
 */
function streamedAsTask(result: unknown): unknown {
  const event = result as { kind?: string; artifact?: unknown; status?: unknown };
  if (event?.kind === 'artifact-update') return { kind: 'task', artifacts: [event.artifact] };
  if (event?.kind === 'status-update') return { kind: 'task', status: event.status };
  return result;
}

/**
 * The value of one entry of a W3C `baggage` header, or undefined.
 * @param header e.g. `acm-hop=1f2e3d4c5b6a7980,session.id=abc`
 */
export function baggageEntry(header: string | undefined, key: string): string | undefined {
  for (const member of (header ?? '').split(',')) {
    const [pair] = member.split(';');
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === key) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** The header with `key` set to `value`, every other entry kept as it was. */
export function withBaggageEntry(header: string | undefined, key: string, value: string): string {
  const others = (header ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0 && m.split(';')[0].split('=')[0].trim() !== key);
  return [`${key}=${value}`, ...others].join(',');
}

type Part = { kind?: string; text?: string };

function textOf(parts: Part[] | undefined): string {
  return (parts ?? [])
    .filter((p) => p.kind === 'text' && typeof p.text === 'string')
    .map((p) => p.text)
    .join('');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
