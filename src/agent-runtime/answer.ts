import type { Delegation } from './protocol';
import { parseSse } from './sse';
import { isUsage, type Usage } from './usage';

/** What a callee's answer says: its text or error, and what it reports of itself. */
export interface PeerAnswer {
  readonly text: string;
  readonly error?: string;
  readonly delegations?: Delegation[];
  readonly model?: string;
  readonly usage?: Usage;
  readonly totalUsage?: Usage;
}

/**
 * Reads a callee's answer: a generated agent's JSON (`response`, or `error`), its SSE
 * stream (text events, then a `result`), or any other agent's plain JSON or text.
 */
export function readAnswer(body: string, contentType: string): PeerAnswer {
  if (contentType.includes('text/event-stream')) {
    let text = '';
    for (const { event, data } of parseSse(body)) {
      const value = parseJson(data);
      if (event === 'error') return { text, error: describe(value) };
      if (isObject(value) && value.type === 'result') return readObject(value);
      if (isObject(value) && value.type === 'text' && typeof value.text === 'string') {
        text += value.text;
      } else if (!isObject(value) || value.type === undefined) {
        text += typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    return { text };
  }
  const value = parseJson(body);
  return isObject(value) ? readObject(value) : { text: typeof value === 'string' ? value : body };
}

function readObject(value: Record<string, unknown>): PeerAnswer {
  const report = readReport(value);
  if (value.status === 'error' || (value.error !== undefined && value.response === undefined)) {
    return { text: '', error: describe(value.error ?? value), ...report };
  }
  if (typeof value.response === 'string') return { text: value.response, ...report };
  return { text: JSON.stringify(value), ...report };
}

/**
 * What an answer reports of itself (see `AnswerReport`), whichever of it is there and
 * well-formed: answers of other kinds of agents report nothing.
 */
export function readReport(
  value: Record<string, unknown>,
): Pick<PeerAnswer, 'delegations' | 'model' | 'usage' | 'totalUsage'> {
  return {
    ...(Array.isArray(value.delegations) ? { delegations: value.delegations as Delegation[] } : {}),
    ...(typeof value.model === 'string' ? { model: value.model } : {}),
    ...(isUsage(value.usage) ? { usage: value.usage } : {}),
    ...(isUsage(value.totalUsage) ? { totalUsage: value.totalUsage } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.error === 'string') return value.error;
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return JSON.stringify(value);
}
