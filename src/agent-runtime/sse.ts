/** One Server-Sent Event: its name (`message` when unnamed) and its data lines joined. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Parses a complete SSE body (as AgentCore passes it through) into its events. */
export function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':') || line.length === 0) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** Splits a growing SSE stream into complete events, keeping the unfinished tail. */
export class SseDecoder {
  private buffer = '';

  /** Adds text and returns the events it completed. */
  public push(text: string): SseEvent[] {
    this.buffer += text;
    const end = Math.max(this.buffer.lastIndexOf('\n\n'), this.buffer.lastIndexOf('\r\n\r\n'));
    if (end < 0) return [];
    const complete = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end).replace(/^(\r?\n)+/, '');
    return parseSse(complete);
  }

  /** The events left when the stream ends. */
  public end(): SseEvent[] {
    const rest = parseSse(this.buffer);
    this.buffer = '';
    return rest;
  }
}
