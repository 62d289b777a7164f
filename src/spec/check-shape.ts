/**
 * The first layer of validation: a value has the type its field asks for, and an object
 * holds only fields its schema knows. Problems are worded the project's way, not zod's.
 */

import type { z } from 'zod';
import type { Problems } from './problems';
import { closest } from './rules';

/** Runs one zod field schema and reports a failure in the project's own words. */
export function checkField<T extends z.ZodType>(
  schema: T,
  value: unknown,
  path: string,
  report: Problems,
): z.output<T> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const where = [
      path,
      ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
    ]
      .join('')
      .replace(/^\./, '');
    const options = 'values' in issue ? (issue.values as unknown[]) : undefined;
    report.add(
      where,
      valueAt(value, issue.path),
      options ? 'is not one of the allowed values' : issue.message.replace(/^Invalid input: /, ''),
      options
        ? `use one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
        : 'correct its type',
    );
  }
  return undefined;
}

/** What a check of a field that may be left out found: `value` is there when it was given and valid. */
export interface OptionalField<T> {
  readonly valid: boolean;
  readonly value?: T;
}

/** Checks a field that may be left out: valid when absent, else when `check` returns its value. */
export function checkOptional<T>(
  value: unknown,
  check: (given: unknown) => T | undefined,
): OptionalField<T> {
  if (value === undefined) return { valid: true };
  const checked = check(value);
  return checked === undefined ? { valid: false } : { valid: true, value: checked };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Reports every field `shape` does not know, with the likely one meant; true when there is none. */
export function checkKnownFields(
  raw: Record<string, unknown>,
  shape: Record<string, unknown>,
  prefix: string,
  report: Problems,
): boolean {
  const known = Object.keys(shape);
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  for (const key of unknown) {
    const guess = closest(key, known);
    report.add(
      `${prefix}${key}`,
      raw[key],
      'is not a known field',
      guess ? `did you mean "${guess}"?` : `remove it; known fields: ${known.join(', ')}`,
    );
  }
  return unknown.length === 0;
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
