import { z } from 'zod';

/** What a model costs, in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillionTokens: number;
  readonly outputPerMillionTokens: number;
}

export const modelPriceSchema = z.strictObject({
  inputPerMillionTokens: z.number().nonnegative(),
  outputPerMillionTokens: z.number().nonnegative(),
});

/**
 * Amazon Bedrock's on-demand prices for the models generated projects most often name,
 * in US dollars per million tokens, for the global cross-region profiles where they
 * exist; the regional and geographic profiles of Claude models cost about 10 % more.
 * Prices change: an estimate, never a bill. A project extends or overrides this table
 * with `prices` in agents.json; a model in neither shows tokens and no cost.
 */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  'anthropic.claude-sonnet-4-6': price(3, 15),
  'anthropic.claude-sonnet-4-5': price(3, 15),
  'anthropic.claude-haiku-4-5': price(1, 5),
  'anthropic.claude-opus-4-5': price(5, 25),
  'anthropic.claude-opus-4-1': price(15, 75),
  'amazon.nova-premier': price(2.5, 12.5),
  'amazon.nova-pro': price(0.8, 3.2),
  'amazon.nova-lite': price(0.06, 0.24),
  'amazon.nova-micro': price(0.035, 0.14),
  'meta.llama3-3-70b-instruct': price(0.72, 0.72),
  // The offline model runs on this machine.
  offline: price(0, 0),
};

/** Inference-profile prefixes that name where a model runs, not which model it is. */
const PROFILE_PREFIX = /^(global|us|eu|apac|jp|au|ca|us-gov)\./;

/**
 * The price of a model: the project's own entry for exactly that id first, then the
 * built-in table by the model the id names (an inference profile's prefix and a version
 * suffix left aside). Undefined when neither knows it: never a guess.
 */
export function priceOf(
  modelId: string,
  overrides: Readonly<Record<string, ModelPrice>> = {},
): ModelPrice | undefined {
  const own = overrides[modelId];
  if (own) return own;
  const model = modelId.replace(PROFILE_PREFIX, '');
  const key = Object.keys({ ...BUILT_IN_PRICES, ...overrides })
    .filter((k) => model === k || model.startsWith(`${k}-`) || model.startsWith(`${k}:`))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : (overrides[key] ?? BUILT_IN_PRICES[key]);
}

/** Tokens as every answer reports them. */
export interface TokenCount {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The estimated cost of some tokens of a model, in US dollars; undefined for an unknown model. */
export function costUsd(
  modelId: string | undefined,
  usage: TokenCount | undefined,
  overrides?: Readonly<Record<string, ModelPrice>>,
): number | undefined {
  if (modelId === undefined || usage === undefined) return undefined;
  const p = priceOf(modelId, overrides);
  if (!p) return undefined;
  return (
    (usage.inputTokens * p.inputPerMillionTokens + usage.outputTokens * p.outputPerMillionTokens) /
    1e6
  );
}

function price(input: number, output: number): ModelPrice {
  return { inputPerMillionTokens: input, outputPerMillionTokens: output };
}

/** Anything that reports a model, its own usage and the hops below it: an answer or a delegation. */
export interface CostedHop {
  readonly model?: string;
  readonly usage?: TokenCount;
  readonly delegations?: readonly CostedHop[];
}

/**
 * The estimated cost of a hop with every hop below it, each priced by its own model;
 * undefined when a model that reported usage has no known price, so a total is never
 * silently short. A hop that reported no usage (a call that failed) adds nothing.
 */
export function totalCostUsd(
  hop: CostedHop,
  overrides?: Readonly<Record<string, ModelPrice>>,
): number | undefined {
  let total = hop.usage === undefined ? 0 : costUsd(hop.model, hop.usage, overrides);
  for (const below of hop.delegations ?? []) {
    const cost = totalCostUsd(below, overrides);
    total = total === undefined || cost === undefined ? undefined : total + cost;
  }
  return total;
}

/** A cost as people read it: `$0.0123`, or `$0` when free. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toPrecision(2)}`;
}
