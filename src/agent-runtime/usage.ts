/** Tokens a model read and wrote, in Strands' names. */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** The sum of some usages; parts that are absent (a failed call reports none) count nothing. */
export function addUsage(...parts: ReadonlyArray<Usage | undefined>): Usage {
  let inputTokens = 0;
  let outputTokens = 0;
  let totalTokens = 0;
  for (const part of parts) {
    if (!part) continue;
    inputTokens += part.inputTokens;
    outputTokens += part.outputTokens;
    totalTokens += part.totalTokens;
  }
  return { inputTokens, outputTokens, totalTokens };
}

/** Whether a value read from another agent's answer is a usage. */
export function isUsage(value: unknown): value is Usage {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    ['inputTokens', 'outputTokens', 'totalTokens'].every((k) => Number.isFinite(v[k]))
  );
}
