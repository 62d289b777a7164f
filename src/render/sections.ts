import { PACKAGE_NAME } from '../projen/versions';

/**
 * Managed sections inside user-owned files: the user owns the file, the generator owns
 * what stands between a section's two markers and rewrites only that.
 */

/** The id of the README section that shows the agent graph. */
export const AGENT_GRAPH_SECTION = 'agent-graph';

export function sectionStart(id: string): string {
  return `<!-- BEGIN ${PACKAGE_NAME}:${id} (generated: edits between these markers are replaced) -->`;
}

export function sectionEnd(id: string): string {
  return `<!-- END ${PACKAGE_NAME}:${id} -->`;
}

/** The section with its markers, ready to place in a file. */
export function wrapSection(id: string, body: string): string {
  return `${sectionStart(id)}\n${body.trimEnd()}\n${sectionEnd(id)}`;
}

/**
 * Replaces the section `id` in `existing`; appends it when the file has none.
 * @throws Error when a marker is present without its partner (the user cut one away)
 */
export function upsertSection(existing: string, id: string, body: string): string {
  const start = existing.indexOf(sectionStart(id));
  const end = existing.indexOf(sectionEnd(id));
  if (start === -1 && end === -1) {
    return `${existing.trimEnd()}\n\n${wrapSection(id, body)}\n`;
  }
  if (start === -1 || end === -1 || end < start) {
    throw new Error(
      `The generated section "${id}" has a missing or misplaced marker; restore both lines "${sectionStart(id)}" and "${sectionEnd(id)}", or remove both to have the section appended`,
    );
  }
  return (
    existing.slice(0, start) + wrapSection(id, body) + existing.slice(end + sectionEnd(id).length)
  );
}
