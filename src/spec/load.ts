import { readFileSync } from 'node:fs';
import { SpecError } from './problems';
import type { SystemSpec } from './schema';
import { validateSystem } from './validate';

/**
 * Reads and validates an `agents.json`.
 * @throws SpecError naming the file and every problem, including malformed JSON
 */
export function loadSystemFile(path: string): SystemSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError(
      [
        {
          path: '(file)',
          value: path,
          message: `cannot be read: ${(error as Error).message}`,
          fix: 'check the path',
        },
      ],
      path,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new SpecError(
      [
        {
          path: '(file)',
          value: path,
          message: `is not valid JSON: ${(error as Error).message}`,
          fix: 'correct the JSON syntax',
        },
      ],
      path,
    );
  }
  return validateSystem(input, path);
}
