import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { AGENT_LAYOUT, AGENTS_FILE } from '../layout';

/** Editors write a file in several steps; changes this close together are one burst. */
const BURST_MS = 150;

/** What to watch in a generated project, and whom to tell. */
export interface SourceWatchOptions {
  /** The generated project's root. */
  readonly projectDir: string;
  /** Every agent by name, with its folder in the project. */
  readonly agents: ReadonlyArray<{ readonly name: string; readonly directory: string }>;
  /** Told once per burst of changes to an agent's source, with the agent's name. */
  readonly onSourceChange: (agent: string) => void;
  /** Where lines go. */
  readonly log: (line: string) => void;
}

/** A running watch; {@link SourceWatch.close} ends it, bursts not yet reported included. */
export interface SourceWatch {
  close(): void;
}

/**
 * Watches each agent's source folder, reporting one change per burst, and agents.json, whose
 * changes take effect only after the project is synthesized again, so `dev` says so.
 */
export function watchSources(options: SourceWatchOptions): SourceWatch {
  const watchers: FSWatcher[] = [];
  /** The burst under way, per agent: reported when it has been quiet for BURST_MS. */
  const bursts = new Map<string, NodeJS.Timeout>();
  watchers.push(
    watch(join(options.projectDir, AGENTS_FILE), () =>
      options.log(
        `${AGENTS_FILE} changed: agents and their bindings follow it only after the project is synthesized again ("npx projen"); then restart dev`,
      ),
    ),
  );
  for (const agent of options.agents) {
    const dir = join(options.projectDir, agent.directory, AGENT_LAYOUT.sourceDir);
    const watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(bursts.get(agent.name));
      bursts.set(
        agent.name,
        setTimeout(() => {
          bursts.delete(agent.name);
          options.log(`${agent.name}: source changed, bundling and restarting`);
          options.onSourceChange(agent.name);
        }, BURST_MS),
      );
    });
    watchers.push(watcher);
  }
  return {
    close() {
      for (const watcher of watchers) watcher.close();
      for (const timer of bursts.values()) clearTimeout(timer);
    },
  };
}
