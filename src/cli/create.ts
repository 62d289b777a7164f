#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AgentGraph } from '../graph/agent-graph';
import { renderSystemFiles } from '../render/files';
import { WriteError, writeNewProject } from '../render/write';
import { readSystemFile } from '../spec/load';
import { SpecError } from '../spec/problems';
import { suggestSystemName } from '../spec/rules';
import type { SystemInput } from '../spec/schema';
import { checkSystem } from '../spec/validate';

const USAGE = `Usage: create-agentcore-multiagent [directory] [options]

Renders a multi-agent system for Amazon Bedrock AgentCore into a new directory.

Options:
  --spec <file>   agents.json describing the system (default: a demo system with an
                  orchestrator, a researcher and a writer, named after the directory)
  --force         add to a non-empty directory (existing files are never overwritten)
  -h, --help      show this help
  -v, --version   show the version
`;

/** Where the command writes; tests pass their own. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const console_: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The demo system used when no `--spec` is given. */
export function demoSystem(name: string): SystemInput {
  return {
    name,
    agents: [
      {
        name: 'orchestrator',
        role: 'orchestrator',
        description: 'Answers user requests; delegates research and writing to the specialists.',
      },
      {
        name: 'researcher',
        role: 'specialist',
        description: 'Researches a topic in depth and reports the key facts with their sources.',
      },
      {
        name: 'writer',
        role: 'specialist',
        description: 'Turns notes into clear, well-structured prose: summaries, articles, emails.',
      },
    ],
  };
}

/** Runs the command; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Output = console_): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    io.err(
      `Expected one directory, got ${positionals.length}: ${positionals.join(' ')}\n\n${USAGE}`,
    );
    return 2;
  }

  const target = positionals[0] ?? 'my-agents';
  try {
    const input = values.spec
      ? readSystemFile(values.spec)
      : demoSystem(suggestSystemName(basename(resolve(target))));
    const result = checkSystem(input);
    if (!result.spec) throw new SpecError(result.problems, values.spec);
    const graph = AgentGraph.fromSpec(result.spec);
    const files = renderSystemFiles(graph, `${JSON.stringify(input, undefined, 2)}\n`);
    writeNewProject(target, files, { force: values.force });

    for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
    const shown = relative(process.cwd(), resolve(target)) || '.';
    io.out(
      `Created ${graph.spec.name} in ${shown}: ${graph.agents.length} agents, ${graph.edges.length} delegations.\n`,
    );
    for (const file of files) io.out(`  ${join(shown, file.path)}\n`);
    io.out(
      `\nDeploy order (callees first): ${graph.levels.map((l) => l.map((a) => a.spec.name).join(' + ')).join(' → ')}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SpecError || error instanceof WriteError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
}

function packageVersion(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
