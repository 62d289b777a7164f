import { randomBytes } from 'node:crypto';
import type { Usage } from '../agent-runtime/usage';
import { type CostedHop, costUsd, type ModelPrice, totalCostUsd } from '../spec/prices';

/**
 * One call that passed through the local endpoint: a request from outside (a root) or a
 * delegation from one agent to another (a child of the hop whose agent made it). What the
 * endpoint saw of the request and what the callee's answer reported, nothing more.
 */
export interface Hop {
  readonly id: string;
  /** The hop whose agent made this call; absent for a request from outside the system. */
  readonly parentId?: string;
  /** The W3C trace the call belongs to, when it carried one. */
  readonly traceId?: string;
  readonly agent: string;
  readonly protocol: 'HTTP' | 'A2A';
  readonly sessionId: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  /** The prompt sent, cut at {@link TEXT_LIMIT} characters. */
  readonly prompt: string;
  readonly state: 'running' | 'ok' | 'failed';
  /** The status the caller got. */
  readonly status?: number;
  readonly durationMs?: number;
  /** The answer's text, cut at {@link TEXT_LIMIT} characters. */
  readonly answer?: string;
  /** Why it failed, as the caller was told. */
  readonly error?: string;
  readonly model?: string;
  /** Tokens of the callee's own model calls. */
  readonly usage?: Usage;
  /** Tokens of the whole call, its own delegations included. */
  readonly totalUsage?: Usage;
  /** Estimated cost of the callee's own model calls; absent for a model of unknown price. */
  readonly costUsd?: number;
  /** Estimated cost of the whole call, every hop below priced by its own model. */
  readonly totalCostUsd?: number;
}

/** How much of a prompt or an answer a hop keeps. */
export const TEXT_LIMIT = 4000;

/** What a finished call reported. */
export type HopOutcome = Pick<
  Hop,
  'status' | 'answer' | 'error' | 'model' | 'usage' | 'totalUsage'
> & { readonly ok: boolean };

/** Told of every hop when it starts and again when it ends. */
export type HopListener = (hop: Hop) => void;

/**
 * The recent calls through the local endpoint, kept as the endpoint saw them: the source
 * of `dev`'s one line per call and of the inspector page. Requests beyond the most recent
 * `capacity` roots are forgotten with their hops.
 */
export class HopLog {
  private readonly hops = new Map<string, Hop>();
  private readonly roots: string[] = [];
  private readonly listeners = new Set<HopListener>();

  /** @param prices the project's own model prices, for cost estimates */
  constructor(
    private readonly prices: Readonly<Record<string, ModelPrice>> = {},
    private readonly capacity = 200,
  ) {}

  /** Records a call as it starts. `parentId` names a hop only if that hop is known. */
  public start(call: Omit<Hop, 'id' | 'state' | 'startedAt'>): Hop {
    // A parent the log no longer (or never) knew makes this a request of its own.
    const { parentId, ...rest } = call;
    const known = parentId !== undefined && this.hops.has(parentId);
    const hop: Hop = {
      ...rest,
      ...(known ? { parentId } : {}),
      id: randomBytes(8).toString('hex'),
      state: 'running',
      startedAt: Date.now(),
      prompt: cut(call.prompt),
    };
    this.hops.set(hop.id, hop);
    if (!known) this.remember(hop.id);
    this.emit(hop);
    return hop;
  }

  /** Records how a call ended, with what it cost, hops below it included. */
  public finish(id: string, outcome: HopOutcome): Hop | undefined {
    const started = this.hops.get(id);
    if (!started) return undefined;
    const { ok, ...reported } = outcome;
    const hop: Hop = {
      ...started,
      ...reported,
      ...(reported.answer !== undefined ? { answer: cut(reported.answer) } : {}),
      state: ok ? 'ok' : 'failed',
      durationMs: Date.now() - started.startedAt,
    };
    const own = costUsd(hop.model, hop.usage, this.prices);
    const total = totalCostUsd(this.costed(hop), this.prices);
    const priced: Hop = {
      ...hop,
      ...(own === undefined ? {} : { costUsd: own }),
      ...(total === undefined || hop.usage === undefined ? {} : { totalCostUsd: total }),
    };
    this.hops.set(id, priced);
    this.emit(priced);
    return priced;
  }

  public get(id: string): Hop | undefined {
    return this.hops.get(id);
  }

  /** Every hop of the recent requests, oldest request first. */
  public recent(): Hop[] {
    const out: Hop[] = [];
    for (const root of this.roots) out.push(...this.tree(root));
    return out;
  }

  /** Listens to every start and end; returns the function that stops listening. */
  public subscribe(listener: HopListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private children(id: string): Hop[] {
    return [...this.hops.values()].filter((h) => h.parentId === id);
  }

  private tree(id: string): Hop[] {
    const hop = this.hops.get(id);
    return hop ? [hop, ...this.children(id).flatMap((c) => this.tree(c.id))] : [];
  }

  private costed(hop: Hop): CostedHop {
    return {
      model: hop.model,
      usage: hop.usage,
      delegations: this.children(hop.id).map((c) => this.costed(c)),
    };
  }

  private remember(root: string): void {
    this.roots.push(root);
    while (this.roots.length > this.capacity) {
      const gone = this.roots.shift() as string;
      for (const hop of this.tree(gone)) this.hops.delete(hop.id);
    }
  }

  private emit(hop: Hop): void {
    for (const listener of this.listeners) listener(hop);
  }
}

function cut(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}
