import { HIDDEN_CHARACTER } from './rules';

/** One thing wrong with a system description: where, what was there, what is wrong, what to do. */
export interface SpecProblem {
  /** Where in the description: `agents[2].name`, `network.subnetIds`. */
  readonly path: string;
  /** The offending value as given (`undefined` when it is missing). */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

const MAX_SHOWN_VALUE = 80;

/** Shows a value the way the user wrote it, shortened when long. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON escapes most control characters; those it leaves raw would garble the terminal's line.
  const text = (JSON.stringify(value) ?? String(value)).replace(
    new RegExp(HIDDEN_CHARACTER.source, 'gu'),
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE - 1)}…` : text;
}

/** `agents[2].name: an agent name must ... (got "web-researcher"). Fix: ...` */
export function formatProblem(problem: SpecProblem): string {
  return `${problem.path}: ${describeProblem(problem)}`;
}

/**
 * A problem without its place, for where the place goes without saying (a prompt
 * asking for that one value): `an agent name must ... (got "web-researcher"). Fix: ...`
 */
export function describeProblem(problem: SpecProblem): string {
  return `${problem.message} (got ${showValue(problem.value)}). Fix: ${problem.fix}`;
}

/**
 * Thrown when a system description is invalid. Carries every problem found, not just
 * the first, so a user fixes them all in one pass.
 */
export class SpecError extends Error {
  public readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[], source?: string) {
    const where = source ? ` in ${source}` : '';
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `The agent system${where} has ${count}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'SpecError';
    this.problems = problems;
  }
}

/**
 * Collects problems. Each check reports what it finds here and returns whether it passed
 * (or the value it read, undefined when invalid), so that one pass reports everything.
 */
export class Problems {
  public readonly items: SpecProblem[] = [];
  public add(path: string, value: unknown, message: string, fix: string): void {
    this.items.push({ path, value, message, fix });
  }
}
