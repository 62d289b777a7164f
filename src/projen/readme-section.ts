import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Component, type Project } from 'projen';
import { AGENT_GRAPH_SECTION, upsertSection } from '../render/sections';

/**
 * Keeps the generated agent-graph section of a user-owned README current: on each synth
 * it rewrites only what stands between the section's markers and leaves the rest of the
 * file, which belongs to the user, as it is.
 */
export class ReadmeSection extends Component {
  constructor(
    project: Project,
    private readonly file: string,
    private readonly body: string,
  ) {
    super(project);
  }

  public override synthesize(): void {
    const path = join(this.project.outdir, this.file);
    // The README is a sample file: on the first synth it is written with the section in it.
    if (!existsSync(path)) return;
    const before = readFileSync(path, 'utf8');
    const after = upsertSection(before, AGENT_GRAPH_SECTION, this.body);
    if (after !== before) writeFileSync(path, after);
  }
}
