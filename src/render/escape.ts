/**
 * Turns arbitrary user text into something safe where a template puts it. Every piece of
 * user text reaches a template through one of these; templates never print raw text
 * (the engine registers them as helpers and compiles with HTML escaping off, since
 * nothing here is HTML).
 */

/**
 * A TypeScript string literal with the exact text, quoted as the generated project's
 * formatter (Biome, single quotes) prints it: single quotes, unless the text holds more
 * single than double quotes, so a formatted project stays formatted after every render.
 */
export function tsString(text: string): string {
  const singles = text.split("'").length - 1;
  const doubles = text.split('"').length - 1;
  const json = jsonString(text);
  if (singles > doubles) return json;
  // Re-quote JSON's literal: its escapes hold in single quotes too, except that a double
  // quote needs none there and a single quote does.
  const body = json
    .slice(1, -1)
    .replace(/\\(.)|'/g, (match: string, escaped: string | undefined) =>
      escaped === undefined ? "\\'" : escaped === '"' ? '"' : match,
    );
  return `'${body}'`;
}

/**
 * An object literal's key for the exact text: bare where it is an identifier, quoted
 * otherwise, as the formatter prints keys.
 */
export function tsKey(text: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(text) ? text : tsString(text);
}

/** A JSON (and JavaScript) double-quoted string literal with the exact text. */
export function jsonString(text: string): string {
  // JSON escapes quotes, backslashes and control characters; U+2028/2029 are escaped
  // too so the literal also survives tools that treat them as line breaks.
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The body of a TypeScript template literal (between backticks) holding the exact text. */
export function tsTemplateBody(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Text for the inside of a `/* ... *\/` or JSDoc comment: one line per input line, each
 * behind ` * `, with anything that would close the comment broken apart.
 */
export function blockCommentLines(text: string, indent = ''): string {
  return splitLines(text)
    .map((line) => `${indent} *${line.length > 0 ? ' ' : ''}${line.replace(/\*\//g, '*\\/')}`)
    .join('\n');
}

/** Text as `//` comment lines (or `#` lines for YAML and Dockerfiles). */
export function lineComments(text: string, marker: '//' | '#' = '//', indent = ''): string {
  return splitLines(text)
    .map((line) => `${indent}${marker}${line.length > 0 ? ' ' : ''}${line}`)
    .join('\n');
}

/** A YAML scalar holding the exact text (YAML double-quoted strings accept JSON escapes). */
export function yamlString(text: string): string {
  return jsonString(text);
}

/** A JSON value (any serialisable data), for data files and `package.json` fragments. */
export function jsonValue(value: unknown, indent = 0): string {
  return JSON.stringify(value, undefined, indent) ?? 'null';
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]<>|~&]/g;
/** What starts a heading, list or quote when it opens a line. */
const MARKDOWN_LINE_START = /^(\s*)([#>+-]|\d+[.)])/;

/** Inline Markdown that shows the text as written: specials escaped, line breaks kept as `<br>`. */
export function markdownInline(text: string): string {
  return splitLines(text)
    .map((line) =>
      line
        .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
        .replace(
          MARKDOWN_LINE_START,
          (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`,
        ),
    )
    .join('<br>');
}

/**
 * A label inside a quoted Mermaid node (`id["label"]`): Mermaid reads `#...;` entity
 * codes there, so quotes, `#`, angle brackets and line breaks become entities or `<br>`.
 */
export function mermaidLabel(text: string): string {
  return splitLines(text)
    .map((line) => line.replace(/[#"<>&`[\]{}()|]/g, (c) => `#${c.codePointAt(0)};`))
    .join('<br/>');
}

/**
 * A Dockerfile `LABEL`/`ENV` value: a double-quoted word in which Docker unescapes
 * backslashes and quotes; line breaks would end the instruction, so they become spaces.
 */
export function dockerfileString(text: string): string {
  return `"${splitLines(text).join(' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$')}"`;
}

/**
 * One word for a POSIX shell holding the exact text: left bare when it is made only of
 * characters no shell treats specially, else in single quotes (inside which only the
 * quote itself needs care).
 */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_/.,:@%+=-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/);
}
