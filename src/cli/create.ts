#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { shellWord } from '../render/escape';
import { WriteError } from '../render/write';
import { readSystemFile } from '../spec/load';
import { SpecError, type SpecProblem } from '../spec/problems';
import { suggestSystemName } from '../spec/rules';
import type { BuildMode, NetworkMode, SystemInput } from '../spec/schema';
import { stageNames } from '../spec/stages';
import {
  type Answers,
  defaultRegion,
  memoryConflict,
  parseSpecialistFlag,
  toSystemInput,
  unknownA2aNames,
} from './answers';
import { initRepository } from './git-init';
import { detectPackageSource, PACKAGE_ROOT } from './package-source';

// Most of a scaffold's time is compiling projen's modules; Node can keep the compiled
// code between runs (it falls back silently where the cache folder is not writable).
enableCompileCache?.();

const USAGE = `Usage: create-agentcore-multiagent [directory] [options]

Creates a multi-agent system for Amazon Bedrock AgentCore: one orchestrator, any number
of specialists, the tools that let them delegate, least-privilege IAM, and a CDK app,
maintained as a projen project, in directory (default: a new folder named after the
project). Asks for what the flags leave open (unless --yes or no terminal); Ctrl-C at a
question stops without writing anything.

Options:
  --name <name>                  project name (default: the directory's name, or my-agents)
  --orchestrator <name>          the orchestrator agent (default: orchestrator)
  --specialist <name>[=<what>]   a specialist and what it does; repeat for more
                                 (default: researcher and writer)
  --region <region>              AWS region (default: AWS_REGION, your AWS config, us-east-1)
  --network-mode PUBLIC|VPC      (default: PUBLIC)
  --subnet <id>                  a subnet for VPC mode; repeat for more
  --security-group <id>          a security group for VPC mode; repeat for more
  --build container|code         how agents are packaged (default: container)
  --model <id>                   Bedrock model or inference profile for every agent
  --a2a <name>[,<name>...]       agents that speak A2A (Agent2Agent) instead of HTTP
  --memory, --no-memory          give the agents an AgentCore Memory: sessions outlive
                                 their processes (default: no memory)
  --long-term-memory <strategy>[,<strategy>...]
                                 what the memory learns about each user across sessions:
                                 semantic, summary, userPreference (implies --memory)
  --openai                       install the OpenAI-compatible model provider too (AGENT_MODEL_PROVIDER=openai)
  --spec <agents.json>           take the whole system from a file instead
  -y, --yes                      defaults for everything not given, no prompts
  --no-install                   do not run npm install
  --no-git                       do not create a git repository with a first commit
  --force                        add to a non-empty directory (never overwrites a file)
  -h, --help                     show this help
  -v, --version                  show the version
`;

/** The project name, and its folder, when neither a directory nor a name is given. */
const DEFAULT_NAME = 'my-agents';

/** The conventional status of a command stopped by Ctrl-C (128 + SIGINT). */
const EXIT_CANCELLED = 130;

/** Where the command writes; tests pass their own. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Whether a person is at a terminal to answer prompts and watch progress. */
  readonly interactive: boolean;
}

const terminal: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
};

/** Runs the command; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Output = terminal): Promise<number> {
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

  const ignored = SYSTEM_FLAGS.filter((flag) => values[flag] !== undefined);
  if (values.spec && ignored.length > 0) {
    io.err(
      `--spec takes the whole system from ${values.spec}, so ${ignored.map((f) => `--${f}`).join(', ')} would be ignored. Fix: put ${ignored.length === 1 ? 'it' : 'them'} in the file, or leave out --spec.\n`,
    );
    return 2;
  }

  const folder: string | undefined = positionals[0];
  const fallbackName = suggestSystemName(basename(resolve(folder ?? DEFAULT_NAME)));
  try {
    let system: SystemInput;
    let install = values.install;
    // Where the region came from, to name it when it is wrong: a flag, or the environment.
    let regionSource = '--region';
    if (values.spec) {
      system = readSystemFile(values.spec) as SystemInput;
    } else {
      let answers = answersFromFlags(values);
      if (!values.yes && io.interactive) {
        const { promptForAnswers } = await import('./prompts.js');
        const answered = await promptForAnswers(
          { ...answers, install: values.install ? undefined : false },
          fallbackName,
        );
        if (!answered) {
          io.err('Cancelled; nothing was written.\n');
          return EXIT_CANCELLED;
        }
        answers = answered;
        install = answers.install ?? install;
      }
      system = toSystemInput(answers, fallbackName);
      if (answers.region === undefined) regionSource = defaultRegion().source ?? regionSource;
      if (memoryConflict(answers)) {
        throw new SpecError([
          {
            path: '--long-term-memory',
            value: answers.longTermMemory,
            message: 'long-term strategies need memory, and --no-memory turns it off',
            fix: 'leave out --no-memory, or --long-term-memory',
          },
        ]);
      }
      const unknown = unknownA2aNames(answers, system);
      if (unknown.length > 0) {
        throw new SpecError(
          unknown.map((name) => ({
            path: '--a2a',
            value: name,
            message: 'names no agent of this system',
            fix: `use one of ${system.agents.map((a) => `"${a.name}"`).join(', ')}`,
          })),
        );
      }
    }

    // Without a directory the project gets a folder of its own name, as `npm create`
    // does. A name that is no folder name fails validation before anything is written.
    const target = folder ?? String(system.name);
    const { scaffoldProject } = await import('./scaffold.js');
    const result = await scaffoldProject({
      target,
      system,
      packageSource: detectPackageSource(),
      openAiProvider: values.openai,
      force: values.force,
      source: values.spec,
    }).catch((error: unknown) => {
      if (error instanceof SpecError && !values.spec)
        throw new SpecError(error.problems.map((p) => asFlag(p, system, regionSource)));
      throw error;
    });

    const shown = displayPath(target);
    for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
    const { graph } = result;
    io.out(
      `Created ${graph.spec.name} in ${shown}: ${count(graph.agents.length, 'agent')}, ${count(graph.edges.length, 'delegation')}.\n`,
    );
    io.out(
      `Deploy order (callees first): ${graph.levels.map((l) => l.map((a) => a.spec.name).join(' + ')).join(' → ')}\n`,
    );

    if (install) {
      const ok = await npmInstall(resolve(target), io);
      if (!ok) {
        io.err(
          `npm install failed in ${shown}. The project is complete; fix the cause above, then run npm install there.\n`,
        );
        return 1;
      }
    }
    if (values.git) io.out(`${initRepository(resolve(target), packageVersion()).message}\n`);
    io.out(nextSteps(shown, install, stageNames(graph.spec)));
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
    allowNegative: true,
    options: {
      name: { type: 'string' },
      orchestrator: { type: 'string' },
      specialist: { type: 'string', multiple: true },
      region: { type: 'string' },
      'network-mode': { type: 'string' },
      subnet: { type: 'string', multiple: true },
      'security-group': { type: 'string', multiple: true },
      build: { type: 'string' },
      model: { type: 'string' },
      a2a: { type: 'string', multiple: true },
      memory: { type: 'boolean' },
      'long-term-memory': { type: 'string', multiple: true },
      openai: { type: 'boolean', default: false },
      spec: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      install: { type: 'boolean', default: true },
      git: { type: 'boolean', default: true },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

/** The flags that describe the system, which a `--spec` file describes instead. */
const SYSTEM_FLAGS = [
  'name',
  'orchestrator',
  'specialist',
  'region',
  'network-mode',
  'subnet',
  'security-group',
  'build',
  'model',
  'a2a',
  'memory',
  'long-term-memory',
] as const satisfies ReadonlyArray<keyof Values>;

/**
 * The answers the flags give. Values go to validation as typed, so a wrong one gets the
 * same message as in agents.json, under the flag's name.
 */
function answersFromFlags(values: Values): Answers {
  return {
    name: values.name,
    orchestrator: values.orchestrator,
    specialists: values.specialist?.map(parseSpecialistFlag),
    region: values.region,
    networkMode: values['network-mode'] as NetworkMode | undefined,
    subnetIds: values.subnet,
    securityGroupIds: values['security-group'],
    buildMode: values.build as BuildMode | undefined,
    modelId: values.model,
    a2a: list(values.a2a),
    memory: values.memory,
    longTermMemory: list(values['long-term-memory']),
  };
}

/** `--flag a,b --flag c` → `['a', 'b', 'c']`. */
function list(values: string[] | undefined): string[] | undefined {
  return values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const FLAG_OF_FIELD: Record<string, string> = {
  name: '--name',
  region: '--region',
  modelId: '--model',
  buildMode: '--build',
  'network.mode': '--network-mode',
  'network.subnetIds': '--subnet',
  'network.securityGroupIds': '--security-group',
  network: '--network-mode',
  memory: '--memory',
  'memory.longTerm': '--long-term-memory',
};

/**
 * Names a problem by the flag that set the value rather than its place in agents.json; a
 * region the flags left open is named by where its default came from.
 */
function asFlag(problem: SpecProblem, system: SystemInput, regionSource: string): SpecProblem {
  const agent = /^agents\[(\d+)\](?:\.(\w+))?/.exec(problem.path);
  if (agent) {
    const index = Number(agent[1]);
    const flag =
      index === 0 ? '--orchestrator' : `--specialist ${system.agents[index]?.name ?? ''}`.trim();
    const field = agent[2] && agent[2] !== 'name' ? ` (${agent[2]})` : '';
    return { ...problem, path: `${flag}${field}` };
  }
  if (problem.path === 'region' && regionSource !== '--region') {
    return {
      ...problem,
      path: `${regionSource} (the default for --region)`,
      fix: `${problem.fix} there, or pass --region`,
    };
  }
  const field = problem.path.replace(/\[\d+\]$/, '');
  return { ...problem, path: FLAG_OF_FIELD[field] ?? problem.path };
}

/** Runs npm install in the new project, with a progress line while it works. */
function npmInstall(dir: string, io: Output): Promise<boolean> {
  const started = Date.now();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const label = () => `Installing dependencies (${Math.round((Date.now() - started) / 1000)} s)`;
  io.err(io.interactive ? `${frames[0]} ${label()}` : `${label()}…\n`);
  const timer = io.interactive
    ? setInterval(() => io.err(`\r${frames[++frame % frames.length]} ${label()}`), 100)
    : undefined;
  return new Promise((done) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const finish = (ok: boolean) => {
      if (timer) clearInterval(timer);
      io.err(`${io.interactive ? '\r' : ''}${ok ? '✔' : '✖'} ${label()}${ok ? '' : ' failed'}\n`);
      if (!ok) io.err(stderr);
      done(ok);
    };
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
}

/**
 * The project folder as the summary shows it and `cd` takes it: `.`, `./<path>` below the
 * current folder (so it is never read as an option), else the absolute path.
 */
function displayPath(target: string): string {
  const fromHere = relative(process.cwd(), resolve(target));
  if (fromHere === '') return '.';
  const outside = fromHere === '..' || fromHere.startsWith(`..${sep}`) || isAbsolute(fromHere);
  return outside ? resolve(target) : `./${fromHere}`;
}

function nextSteps(dir: string, installed: boolean, stages: readonly string[]): string {
  const deploy =
    stages.length === 0
      ? 'npx projen deploy       # to your AWS account'
      : `npx projen deploy --stage ${stages[0]}   # one stage at a time; the stages: ${stages.join(', ')}`;
  const steps = [
    // Pasted into a shell as printed: quoted where needed.
    `cd ${shellWord(dir)}`,
    ...(installed ? [] : ['npm install']),
    'npx projen dev          # every agent locally, offline, behind an AgentCore-compatible endpoint',
    'npx projen eval         # does each request in evals/routing.json reach the right agents?',
    'npx projen build        # synthesize (validators on) and run the tests',
    'npx projen add-agent --name <name> --description "<what it does>"',
    deploy,
  ];
  return `\nNext steps:\n${steps.map((s) => `  ${s}`).join('\n')}\n`;
}

/** `1 agent`, `3 agents`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function packageVersion(): string {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
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
