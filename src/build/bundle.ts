import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type BuildOptions, build, type Plugin, stop } from 'esbuild';
import { AGENT_LAYOUT } from '../layout';
import { PACKAGE_NAME } from '../projen/versions';
import { isCurrent, recordInputs } from './bundle-cache';

/** How to bundle one agent. */
export interface BundleAgentOptions {
  /** The generated project's root (holding `agents.json` and `node_modules`). */
  readonly projectDir: string;
  /** The agent's folder relative to the project, `agents/<snake>` (`AgentNames.directory`). */
  readonly agentDir: string;
  /**
   * `all` (default) makes the self-contained bundle that both build modes deploy;
   * `none` leaves every package import to node_modules (for comparing start-up times).
   */
  readonly bundlePackages?: 'all' | 'none';
  /** Where to write; defaults to the agent's `dist/index.mjs`. */
  readonly outfile?: string;
  /** @default true */
  readonly minify?: boolean;
}

/** What a bundle step produced. */
export interface BundleResult {
  readonly outfile: string;
  readonly bytes: number;
  readonly durationMs: number;
}

/**
 * One copy of every package: this package's agent runtime is CommonJS and `require`s what
 * ES modules of the same bundle `import`, so a package that ships both forms (zod,
 * OpenTelemetry, the AWS SDK) would be bundled twice, once per form: about 0.6 MB of
 * 3.5 MB, parsed at every cold start. The runtime's own `require`s resolve as `import`s
 * wherever the package has an ES module form; its compiled code reads modules by name
 * (and defaults through `__importDefault`), which both forms satisfy. Other CommonJS
 * packages are left alone: some call what they require as a function.
 */
const OWN_RUNTIME = new RegExp(`[\\\\/]${PACKAGE_NAME}[\\\\/]lib[\\\\/]`);

function oneCopyPlugin(projectDir: string): Plugin {
  return {
    name: 'one-copy-per-package',
    setup(b) {
      b.onResolve({ filter: runtimeRequires(projectDir) }, async (args) => {
        if (args.kind !== 'require-call' || args.pluginData?.asImport) return undefined;
        if (!OWN_RUNTIME.test(args.importer)) return undefined;
        const asImport = await b.resolve(args.path, {
          kind: 'import-statement',
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { asImport: true },
        });
        return asImport.errors.length > 0 ? undefined : asImport;
      });
    },
  };
}

/**
 * The packages the agent runtime the project installed `require`s (a handful), as the
 * filter of the plugin above: a callback for every package import of the graph, hundreds,
 * made a fifth of each build's time. Any package import, when the runtime is not found.
 */
function runtimeRequires(projectDir: string): RegExp {
  let dir: string;
  try {
    const require = createRequire(join(resolve(projectDir), 'package.json'));
    dir = dirname(require.resolve(`${PACKAGE_NAME}/agent-runtime`));
  } catch {
    return /^[^./]/;
  }
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(
      /require\("([^"]+)"\)/g,
    )) {
      if (!name.startsWith('.') && !name.startsWith('node:')) names.add(name);
    }
  }
  const escaped = [...names].map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/** Supplies `require` for the Node built-ins that CommonJS dependencies ask for. */
const REQUIRE_BANNER =
  "import { createRequire as __agentcoreCreateRequire } from 'node:module';\nconst require = __agentcoreCreateRequire(import.meta.url);";

/**
 * Bundles one agent into a single ES module (`dist/index.mjs`) that starts with no
 * node_modules, and copies its Dockerfile beside it: the folder both build modes deploy.
 * @throws Error listing esbuild's messages, with file and line, when the code does not build
 */
export async function bundleAgent(options: BundleAgentOptions): Promise<BundleResult> {
  const [result] = await bundle(options.projectDir, [options.agentDir], options);
  return result;
}

/**
 * Bundles several agents in one esbuild run: the packages they share are read and parsed
 * once, and each agent still gets its own self-contained bundle.
 * @throws Error listing esbuild's messages, with file and line, when the code does not build
 */
export async function bundleAgents(
  projectDir: string,
  agentDirs: readonly string[],
): Promise<BundleResult[]> {
  return bundle(projectDir, agentDirs, {});
}

/** Bundle runs under way in this process; esbuild's service stops when none is. */
let bundlesInFlight = 0;

async function bundle(
  projectDir: string,
  agentDirs: readonly string[],
  options: Omit<BundleAgentOptions, 'projectDir' | 'agentDir'>,
): Promise<BundleResult[]> {
  const started = performance.now();
  const root = resolve(projectDir);
  const targets = agentDirs.map((agentDir) => {
    const dir = resolve(root, agentDir);
    const outfile = options.outfile ?? join(dir, AGENT_LAYOUT.bundle);
    return { agentDir, dir, outfile, out: relative(root, outfile).replace(/\.mjs$/, '') };
  });
  const minify = options.minify ?? true;
  const packages = options.bundlePackages ?? 'all';
  const external = externals(root, packages);
  const settings = JSON.stringify({ minify, packages, external });
  const stale: typeof targets = [];
  for (const t of targets) {
    if (!(await isCurrent(root, [t.outfile], settings))) stale.push(t);
  }
  if (stale.length === 0) return results(targets, options, 0);
  const { metafile } = await withEsbuild(agentDirs, () =>
    build({
      ...esbuildOptions(root, packages, minify, external),
      entryPoints: stale.map((t) => ({ in: join(t.dir, AGENT_LAYOUT.entry), out: t.out })),
      outdir: root,
    }),
  );
  for (const t of stale) {
    const output = metafile.outputs[relative(root, t.outfile).split(sep).join('/')];
    const inputs = Object.keys(output?.inputs ?? {}).map((file) => resolve(root, file));
    await recordInputs(root, [t.outfile], settings, inputs);
  }
  return results(targets, options, Math.round(performance.now() - started));
}

/** The esbuild settings every agent bundle shares, for deploy and for `dev` alike. */
export function esbuildOptions(
  root: string,
  packages: 'all' | 'none',
  minify: boolean,
  external: string[],
): BuildOptions & { metafile: true } {
  return {
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: root,
    // Packages resolve from the project too, as Node would find a hoisted optional peer.
    nodePaths: [join(root, 'node_modules')],
    banner: { js: REQUIRE_BANNER },
    ...(packages === 'none'
      ? { packages: 'external' as const }
      : { plugins: [oneCopyPlugin(root)], external }),
  };
}

/**
 * Runs one esbuild build of these agents, with its errors as one readable message.
 * @throws Error listing esbuild's messages, with file and line, when the code does not build
 */
export async function withEsbuild<T>(
  agentDirs: readonly string[],
  run: () => Promise<T>,
): Promise<T> {
  bundlesInFlight++;
  try {
    return await run();
  } catch (error) {
    const messages = (
      error as {
        errors?: Array<{ text: string; location?: { file: string; line: number } | null }>;
      }
    ).errors;
    const detail = messages
      ?.map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text))
      .join('\n  ');
    throw new Error(
      `Bundling ${agentDirs.join(', ')} failed${detail ? `:\n  ${detail}` : `: ${(error as Error).message}`}\nFix the code above, or run "npm install" if a package is missing.`,
    );
  } finally {
    // esbuild keeps a service process with everything it parsed (hundreds of MB for a
    // system of agents) until told to stop; `dev` bundles again only when code changes.
    if (--bundlesInFlight === 0) await stop();
  }
}

/** Each target's bundle, with its Dockerfile beside it. */
function results(
  targets: ReadonlyArray<{ dir: string; outfile: string }>,
  options: Omit<BundleAgentOptions, 'projectDir' | 'agentDir'>,
  durationMs: number,
): Promise<BundleResult[]> {
  return Promise.all(
    targets.map(async (t) => {
      if (!options.outfile) {
        await mkdir(join(t.dir, AGENT_LAYOUT.artifactDir), { recursive: true });
        await copyFile(
          join(t.dir, AGENT_LAYOUT.dockerfile),
          join(t.dir, AGENT_LAYOUT.artifactDir, AGENT_LAYOUT.dockerfile),
        );
      }
      return { outfile: t.outfile, bytes: (await stat(t.outfile)).size, durationMs };
    }),
  );
}

/**
 * Providers a project may leave uninstalled: the OpenAI provider is bundled only when its
 * `openai` package is installed; otherwise it stays outside and fails, with a message
 * saying what to install, only if someone selects it.
 */
export function externals(projectDir: string, packages: 'all' | 'none'): string[] {
  if (packages === 'none') return [];
  const require = createRequire(join(resolve(projectDir), 'package.json'));
  try {
    require.resolve('openai');
    return [];
  } catch {
    return ['@strands-agents/sdk/models/openai'];
  }
}
