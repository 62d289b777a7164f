/**
 * Field-level rules shared by validation and by anything that asks a user for a value
 * (prompts, flags): one place for each pattern and its wording.
 */

export const SYSTEM_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
export const MAX_SYSTEM_NAME_LENGTH = 30;
/** Stage names: short lower-case words, as they name stacks, runtimes and outputs files. */
export const STAGE_NAME_PATTERN = /^[a-z][a-z0-9]*$/;
export const MAX_STAGE_NAME_LENGTH = 10;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8,17}$/;
export const SECURITY_GROUP_ID_PATTERN = /^sg-[0-9a-f]{8,17}$/;
/** Bedrock model ids, inference profile ids and ARNs. */
export const MODEL_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._:/-]{0,2047}$/;
/** The tool description a caller's model reads; Bedrock tool descriptions stay short. */
export const MAX_DESCRIPTION_LENGTH = 1200;

/**
 * Characters free text (descriptions, system prompts) may not hold: control characters
 * other than tab and line feed (NUL, CR, escape...) and the bidirectional embeddings,
 * overrides and isolates (U+202A to U+202E, U+2066 to U+2069). The text lands in generated
 * source files, comments included, where these would sit unseen, and the bidirectional
 * ones can make code read otherwise than it runs.
 */
export const HIDDEN_CHARACTER = /(?![\t\n])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** `U+202E (a bidirectional-text control)`: a hidden character named so it can be found. */
export function describeHiddenCharacter(character: string): string {
  const code = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const kind =
    character === '\r'
      ? 'a carriage return'
      : character >= '\u202a'
        ? 'a bidirectional-text control'
        : 'a control character';
  return `U+${code} (${kind})`;
}

/**
 * Names an agent cannot have: names key the maps of generated code and of this package
 * (peers by name, runtimes by name), where these would find the methods every object
 * inherits instead of an agent. Compared ignoring case.
 */
export const RESERVED_AGENT_NAMES: ReadonlySet<string> = new Set(
  [
    'constructor',
    'prototype',
    'hasOwnProperty',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    'toString',
    'valueOf',
  ].map((name) => name.toLowerCase()),
);

/** Suggests a system name close to what was typed: `My Agents!` → `my-agents`. */
export function suggestSystemName(value: string): string {
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_SYSTEM_NAME_LENGTH)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : 'my-agents';
}

/** Suggests a stage name close to what was typed: `Pre-Prod` → `preprod`. */
export function suggestStageName(value: string): string {
  const word = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, MAX_STAGE_NAME_LENGTH);
  return word.length > 0 ? word : 'dev';
}

/** Suggests an agent name close to what was typed: `web-researcher` → `web_researcher`. */
export function suggestAgentName(value: string): string {
  const cleaned = value.replace(/[^a-zA-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned.length === 0) return 'specialist';
  return /^[a-zA-Z]/.test(cleaned) ? cleaned : `agent_${cleaned}`;
}

/** The closest of `candidates` to `value` by edit distance, when close enough to be a typo. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const close =
    bestDistance <= Math.max(1, Math.floor(value.length / 3)) && bestDistance < value.length;
  return close ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
