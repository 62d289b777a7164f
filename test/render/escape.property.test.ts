import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TemplateEngine } from '../../src';
import {
  blockCommentLines,
  dockerfileString,
  jsonString,
  lineComments,
  markdownInline,
  mermaidLabel,
  shellWord,
  tsString,
  tsTemplateBody,
  yamlString,
} from '../../src/render/escape';
import { REPO } from '../dev/harness';

/** Text built to break generated code: quotes, backticks, `${`, comment ends, mustaches, line breaks, Unicode. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      "'",
      '`',
      '${',
      '}',
      '*/',
      '/*',
      '//',
      '{{',
      '}}',
      '\\',
      '\n',
      '\r',
      '\u2028',
      '\u2029',
      '#',
      '<',
      '>',
      '|',
      'a',
      ' ',
      '\u00e9',
      '\ud83d\ude80',
      '\t',
      '$',
    ),
  }),
);

function parse(code: string) {
  const file = ts.createSourceFile(
    'generated.ts',
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return { file, diagnostics };
}

/** The value of `const <name> = <literal>;` in parsed code, as TypeScript reads it. */
function literal(file: ts.SourceFile, name: string): string | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.name.text === name && decl.initializer) {
        const init = decl.initializer;
        if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) return init.text;
      }
    }
  }
  return undefined;
}

/** The one key of `const <name> = { <key>: 1 };` in parsed code, as TypeScript reads it. */
function objectKey(file: ts.SourceFile, name: string): string | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name) continue;
      if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
      const key = init.properties[0]?.name;
      if (key && (ts.isIdentifier(key) || ts.isStringLiteral(key))) return key.text;
    }
  }
  return undefined;
}

const engine = new TemplateEngine(`${__dirname}/fixtures`);

describe('text helpers keep generated TypeScript valid and the text exact', () => {
  it('string and template literals parse and hold the exact text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const code = engine.render('literals.ts.hbs', { text });
        const { file, diagnostics } = parse(code);
        expect(diagnostics).toEqual([]);
        expect(literal(file, 'asString')).toBe(text);
        // `literal` reads only substitution-free template literals: `${` in the text stayed text.
        expect(literal(file, 'asTemplate')).toBe(text);
        // The key reads back as the text, whether printed bare or quoted.
        expect(objectKey(file, 'asKey')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('comments never end early: the code after them survives', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const code = engine.render('comments.ts.hbs', { text });
        const { file, diagnostics } = parse(code);
        expect(diagnostics).toEqual([]);
        expect(file.statements).toHaveLength(2);
        expect(literal(file, 'afterBlock')).toBe('ok');
        expect(literal(file, 'afterLines')).toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  it('JSON and YAML strings decode to the exact text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(JSON.parse(jsonString(text))).toBe(text);
        expect(JSON.parse(yamlString(text))).toBe(text);
        expect(tsString(text)).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
    );
  });

  it('quotes TypeScript strings as the formatter of a generated project prints them', () => {
    const texts = fc.sample(hostile, 300);
    // One literal per line of an array too long for one line: Biome leaves each literal as
    // it is, unless it would quote it otherwise.
    const code = `export const texts = [\n${texts.map((text) => `  ${tsString(text)},\n`).join('')}];\n`;
    const formatted = execFileSync(
      process.execPath,
      [require.resolve('@biomejs/biome/bin/biome'), 'format', '--stdin-file-path=texts.ts'],
      { input: code, encoding: 'utf8', cwd: REPO },
    );
    expect(formatted).toBe(code);
  });

  it('line-oriented outputs stay on their lines', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        for (const line of lineComments(text, '#').split('\n'))
          expect(line.startsWith('#')).toBe(true);
        for (const line of blockCommentLines(text).split('\n'))
          expect(line.startsWith(' *')).toBe(true);
        expect(blockCommentLines(text)).not.toContain('*/');
        for (const out of [markdownInline(text), mermaidLabel(text), dockerfileString(text)]) {
          expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        }
        expect(mermaidLabel(text).replace(/#\d+;|<br\/>/g, '')).not.toMatch(/["#<>]/);
        expect(dockerfileString(text)).toMatch(/^"([^"\\]|\\.)*"$/);
      }),
    );
  });

  it('a shell word reaches the command as the exact text', () => {
    // NUL cannot be in an argument at all; everything else must come through untouched.
    const argument = hostile.filter((text) => !text.includes('\0'));
    fc.assert(
      fc.property(argument, (text) => {
        const said = execFileSync('sh', ['-c', `printf '%s' ${shellWord(text)}`], {
          encoding: 'utf8',
        });
        expect(said).toBe(text);
      }),
      { numRuns: 200 },
    );
    expect(shellWord('my-agents/app_1')).toBe('my-agents/app_1');
    expect(shellWord("it's ~ $HOME")).toBe("'it'\\''s ~ $HOME'");
  });

  it('escapes Markdown so it shows as written', () => {
    expect(markdownInline('# a *b* [c](d) `e` <f> x-y 1.5')).toBe(
      '\\# a \\*b\\* \\[c\\](d) \\`e\\` \\<f\\> x-y 1.5',
    );
    expect(markdownInline('- item\n2. next')).toBe('\\- item<br>2\\. next');
  });

  it('a template literal body keeps backslashes and substitutions inert', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test holds a literal ${
    expect(tsTemplateBody('a`b${c}\\d')).toBe('a\\`b\\${c}\\\\d');
  });
});
