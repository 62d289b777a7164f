// Renders API.md from the exported API with typedoc's markdown output. The package has
// one entry per subpath export; typedoc writes a page per entry, and this joins them into
// one file (headings one level down, cross-page links turned into in-page anchors).
// typedoc empties its output folder, so it writes to a temporary one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'create-agentcore-multiagent';
// Page name → import path, in the order a reader meets them.
const PAGES = [
  ['index', PACKAGE],
  ['constructs', `${PACKAGE}/constructs`],
  ['projen', `${PACKAGE}/projen`],
  ['agent-runtime', `${PACKAGE}/agent-runtime`],
  ['agent-runtime/serve-a2a', `${PACKAGE}/agent-runtime/a2a`],
  ['dev', `${PACKAGE}/dev`],
];

const out = mkdtempSync(join(tmpdir(), 'api-md-'));
try {
  execFileSync('npx', ['typedoc', '--options', 'typedoc.json', '--out', out], { stdio: 'inherit' });
  const sections = PAGES.map(([page, importPath]) => {
    const body = readFileSync(join(out, `${page}.md`), 'utf8')
      .replace(/^# .*\n/, '')
      .replace(/^(#{1,5}) /gm, '#$1 ')
      .replace(/\]\((?:[a-z./-]+\.md)?#/g, '](#');
    return `## \`${importPath}\`\n${body.trimEnd()}\n`;
  });
  const toc = PAGES.map(([, importPath]) => `- \`${importPath}\``).join('\n');
  writeFileSync(
    'API.md',
    `# API reference\n\nGenerated from the source by \`npx projen docgen\`; do not edit.\n\n${toc}\n\n${sections.join('\n')}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
