import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { AGENT_LAYOUT } from '../layout';
import { esbuildOptions, externals, withEsbuild } from './bundle';
import { isCurrent, recordInputs } from './bundle-cache';

/** The file of a system's bundle for `dev`, in its folder. */
const SYSTEM_BUNDLE = 'system.mjs';

/** What `dev` runs. */
export interface DevBundle {
  /** The module each agent's process runs, by the agent's folder as given. */
  readonly entries: ReadonlyMap<string, string>;
  /** 0 when the bundle was current. */
  readonly durationMs: number;
}

/**
 * Bundles every agent of a system for `dev` into one file in `outdir`, with a small entry
 * per agent that starts that agent from it. The deploy bundles repeat the SDKs, nearly all
 * of their code, in every agent's file, and printing them makes one build for 11 agents
 * about four times as long as for one; bundled together, the system costs about what one
 * agent does. Each agent still runs as its own process, from its own code bundled with its
 * deploy bundle's settings: its server module is imported on start, and the other agents'
 * modules in the file are never run.
 *
 * Files are replaced by renaming, so an agent starting meanwhile reads a whole file.
 * (Code splitting would also share the SDKs, but esbuild's split chunks give an `import()`
 * of a CommonJS package only a `default` export, unlike the deploy bundle and Node.)
 * @throws Error listing esbuild's messages, with file and line, when the code does not build
 */
export async function bundleSystemForDev(
  projectDir: string,
  agentDirs: readonly string[],
  outdir: string,
): Promise<DevBundle> {
  const started = performance.now();
  const root = resolve(projectDir);
  const system = join(outdir, SYSTEM_BUNDLE);
  const entries = new Map(
    agentDirs.map((agentDir) => [agentDir, devBundleEntry(outdir, agentDir)] as const),
  );
  const external = externals(root, 'all');
  const settings = JSON.stringify({ minify: true, system: agentDirs, external });
  const outputs = [system, ...entries.values()];
  if (await isCurrent(root, outputs, settings)) return { entries, durationMs: 0 };
  const starters = agentDirs.map(
    (agentDir) =>
      `  ${JSON.stringify(agentDir)}: () => import(${JSON.stringify(join(root, agentDir, AGENT_LAYOUT.entry))}),`,
  );
  const { metafile, outputFiles } = await withEsbuild(agentDirs, () =>
    build({
      ...esbuildOptions(root, 'all', true, external),
      stdin: {
        contents: `export const agents = {\n${starters.join('\n')}\n};\n`,
        resolveDir: root,
        sourcefile: SYSTEM_BUNDLE,
        loader: 'js',
      },
      outfile: system,
      write: false,
    }),
  );
  await mkdir(outdir, { recursive: true });
  await replace(system, outputFiles[0].contents);
  for (const [agentDir, entry] of entries) {
    const from = relative(dirname(entry), system).split(sep).join('/');
    await mkdir(dirname(entry), { recursive: true });
    await replace(
      entry,
      `import { agents } from ${JSON.stringify(from.startsWith('.') ? from : `./${from}`)};\nawait agents[${JSON.stringify(agentDir)}]();\n`,
    );
  }
  const inputs = Object.keys(metafile.inputs).map((file) => resolve(root, file));
  await recordInputs(root, outputs, settings, inputs);
  return { entries, durationMs: Math.round(performance.now() - started) };
}

/** Where {@link bundleSystemForDev} writes the module that starts an agent. */
export function devBundleEntry(outdir: string, agentDir: string): string {
  return join(outdir, `${agentDir}.mjs`);
}

async function replace(file: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}
