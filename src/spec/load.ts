import { readFileSync } from 'node:fs';
import { SpecError } from './problems';
import type { SystemSpec } from './schema';
import { validateSystem } from './validate';

/**
 * Reads an `agents.json` as JSON, without validating it.
 * @throws SpecError naming the file when it cannot be read or is not JSON
 */
export function readSystemFile(path: string): unknown {
  const fail = (message: string, fix: string) =>
    new SpecError([{ path: '(file)', value: path, message, fix }], path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read: ${(error as Error).message}`, 'check the path');
  }
  try {
    // Editors on Windows may start a UTF-8 file with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail(`is not valid JSON: ${(error as Error).message}`, 'correct the JSON syntax');
  }
}

/**
 * Reads and validates an `agents.json`.
 * @throws SpecError naming the file and every problem, including malformed JSON
 */
export function loadSystemFile(path: string): SystemSpec {
  return validateSystem(readSystemFile(path), path);
}
