import { basename, extname } from 'node:path';
import type { IConstruct } from 'constructs';
import { FileBase, type IResolver } from 'projen';

/**
 * A managed file with content rendered by this package: read-only on disk, rewritten on
 * every synth, listed in `.projen/files.json` (so projen deletes it once it is no longer
 * generated), and headed by projen's marker in the comment syntax of its type, so a user
 * can tell at a glance that edits to it will be lost.
 */
export class GeneratedFile extends FileBase {
  constructor(
    scope: IConstruct,
    filePath: string,
    private readonly contents: string,
  ) {
    super(scope, filePath, { readonly: true });
  }

  protected synthesizeContent(_resolver: IResolver): string {
    return this.marker ? withMarker(this.path, this.marker, this.contents) : this.contents;
  }
}

/** Puts the marker first, in a comment the file's format allows (after a shebang). */
export function withMarker(path: string, marker: string, contents: string): string {
  const comment = markerComment(path, marker);
  if (!comment) return contents;
  if (contents.startsWith('#!')) {
    const end = contents.indexOf('\n') + 1;
    return `${contents.slice(0, end)}${comment}\n${contents.slice(end)}`;
  }
  return `${comment}\n${contents}`;
}

function markerComment(path: string, marker: string): string | undefined {
  const name = basename(path);
  const ext = extname(name);
  if (['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(ext)) return `// ${marker}`;
  // tsconfig files are JSON with comments; plain JSON has no comment syntax.
  if (/^tsconfig.*\.json$/.test(name)) return `// ${marker}`;
  if (name === 'Dockerfile' || ['.sh', '.yml', '.yaml', '.toml'].includes(ext))
    return `# ${marker}`;
  if (ext === '.md') return `<!-- ${marker} -->`;
  return undefined;
}
