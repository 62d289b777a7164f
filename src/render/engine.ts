import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import {
  blockCommentLines,
  dockerfileString,
  jsonValue,
  lineComments,
  markdownInline,
  mermaidLabel,
  tsKey,
  tsString,
  tsTemplateBody,
  yamlString,
} from './escape';

/** The `templates/` folder shipped with this package (beside `src/` and `lib/`). */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/**
 * Renders the handlebars templates under one folder. HTML escaping is off (nothing here
 * is HTML); instead every piece of user text goes through a helper named for where it
 * lands: `{{ts x}}`, `{{tsKey x}}`, `{{tsTemplate x}}`, `{{blockComment x}}`, `{{lineComment x}}`,
 * `{{yaml x}}`, `{{json x}}`, `{{md x}}`, `{{mermaid x}}`, `{{docker x}}`.
 * Strict mode makes a template that names a missing field fail instead of printing
 * nothing.
 */
export class TemplateEngine {
  private static shared?: TemplateEngine;

  /** One engine over the package's own templates, so each template is read and compiled once per process. */
  public static default(): TemplateEngine {
    TemplateEngine.shared ??= new TemplateEngine();
    return TemplateEngine.shared;
  }

  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly root: string = TEMPLATES_DIR) {
    const h = this.handlebars;
    const text = (fn: (s: string) => string) => (value: unknown) => fn(requireString(value));
    h.registerHelper('ts', text(tsString));
    h.registerHelper('tsKey', text(tsKey));
    h.registerHelper('tsTemplate', text(tsTemplateBody));
    h.registerHelper('blockComment', (value: unknown, options: Handlebars.HelperOptions) =>
      blockCommentLines(requireString(value), options.hash.indent ?? ''),
    );
    h.registerHelper('lineComment', (value: unknown, options: Handlebars.HelperOptions) =>
      lineComments(requireString(value), options.hash.marker ?? '//', options.hash.indent ?? ''),
    );
    h.registerHelper('yaml', text(yamlString));
    h.registerHelper('json', (value: unknown, options: Handlebars.HelperOptions) =>
      jsonValue(value, options.hash.indent ?? 0),
    );
    h.registerHelper('md', text(markdownInline));
    h.registerHelper('mermaid', text(mermaidLabel));
    h.registerHelper('docker', text(dockerfileString));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('join', (items: unknown, separator: unknown) =>
      (Array.isArray(items) ? items : []).join(typeof separator === 'string' ? separator : ', '),
    );
  }

  /** Renders `templates/<name>` (a path such as `readme/agent-graph.md.hbs`) with `context`. */
  public render(name: string, context: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const source = readFileSync(join(this.root, name), 'utf8');
      template = this.handlebars.compile(source, { noEscape: true, strict: true });
      this.compiled.set(name, template);
    }
    return template(context);
  }
}

function requireString(value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`A text helper was given ${typeof value}, not a string`);
  }
  return value;
}
