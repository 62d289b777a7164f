import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Component, type Project } from 'projen';
import { AGENT_GRAPH_SECTION, sectionEnd, sectionStart, upsertSection } from '../render/sections';

/** What projen writes as a new project's README when given nothing else. */
const PROJEN_PLACEHOLDER = '# replace this';

/** Options of {@link ReadmeSection}. */
export interface ReadmeSectionOptions {
  /** The README's path, relative to the project. */
  readonly file: string;
  /** What the agent-graph section holds. */
  readonly body: string;
  /**
   * The whole README to write in place of projen's placeholder README (`# replace this`,
   * plus at most the section), which projects created by earlier versions were left with:
   * nobody wrote it, so it is not the user's to keep.
   * @default - a placeholder README gets the section like any other README
   */
  readonly replacePlaceholderWith?: string;
}

/**
 * Keeps the generated agent-graph section of a user-owned README current: on each synth
 * it rewrites only what stands between the section's markers and leaves the rest of the
 * file, which belongs to the user, as it is.
 */
export class ReadmeSection extends Component {
  constructor(
    project: Project,
    private readonly options: ReadmeSectionOptions,
  ) {
    super(project);
  }

  public override synthesize(): void {
    const path = join(this.project.outdir, this.options.file);
    // The README is a sample file: on the first synth it is written with the section in it.
    if (!existsSync(path)) return;
    const before = readFileSync(path, 'utf8');
    const { replacePlaceholderWith } = this.options;
    const after =
      replacePlaceholderWith && isPlaceholder(before)
        ? replacePlaceholderWith
        : upsertSection(before, AGENT_GRAPH_SECTION, this.options.body);
    if (after !== before) writeFileSync(path, after);
  }
}

/** Whether a README is projen's placeholder, with or without the agent-graph section. */
function isPlaceholder(readme: string): boolean {
  const start = readme.indexOf(sectionStart(AGENT_GRAPH_SECTION));
  const end = readme.indexOf(sectionEnd(AGENT_GRAPH_SECTION));
  const outside =
    start !== -1 && end > start
      ? readme.slice(0, start) + readme.slice(end + sectionEnd(AGENT_GRAPH_SECTION).length)
      : readme;
  return outside.trim() === PROJEN_PLACEHOLDER;
}
