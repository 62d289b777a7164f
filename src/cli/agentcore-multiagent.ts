#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackAddress } from '../agent-runtime/loopback-guard';
import { bundleAgents } from '../build/bundle';
import { formatAnswerSummary, formatDelegation, invokeAgent, newSessionId } from '../dev/invoke';
import { DEV_MODELS, type DevModel, DevSystem } from '../dev/system';
import { findInvokeTarget } from '../dev/targets';
import { loadRoutingCases } from '../evals/cases';
import {
  formatFailures,
  formatSummary,
  formatTable,
  jsonReport,
  junitReport,
  summarize,
} from '../evals/report';
import { runCases } from '../evals/run';
import { openTarget } from '../evals/target';
import { AgentGraph } from '../graph/agent-graph';
import { AGENTS_FILE, ROUTING_CASES_FILE } from '../layout';
import { loadSystemFile } from '../spec/load';
import type { ModelPrice } from '../spec/prices';
import { PROTOCOLS, type Protocol } from '../spec/schema';
import { chooseStage, StageChoiceError } from '../spec/stages';
import { CDK_ACTIONS, type CdkAction, runCdk } from './cdk-command';
import {
  addAgentCommand,
  removeAgentCommand,
  testDeployedCommand,
  UsageError,
} from './project-commands';

const USAGE = `Usage:
  agentcore-multiagent dev [--port 8787] [--model offline|bedrock|openai|bedrock-local] [--no-watch] [--project DIR]
                          [--eager] [--host ADDRESS --allow-remote]
      Runs every agent of the project locally behind an AgentCore-compatible endpoint on
      127.0.0.1, each started on its first call as on AgentCore (--eager: all at once);
      --host with another address lets other machines call it (and so use your AWS
      credentials), and needs --allow-remote to say you mean it.
  agentcore-multiagent invoke AGENT PROMPT [--deployed | --stage NAME] [--session ID] [--user ID] [--no-stream] [--json]
  agentcore-multiagent invoke --arn ARN PROMPT [--endpoint URL] [--protocol HTTP|A2A] [--session ID] [--user ID] [--no-stream] [--json]
      Sends a prompt to an agent: the local one while dev runs, else (or with --deployed)
      the deployed one from cdk-outputs.json (a stage's: cdk-outputs.<stage>.json), or any
      runtime by ARN. Streams the answer and lists the delegations. --user names the user
      agents with memory keep it for.
  agentcore-multiagent bundle [--project DIR]
      Bundles every agent into agents/<name>/dist/ (index.mjs and its Dockerfile), the
      folder both build modes deploy.
  agentcore-multiagent add-agent --name N --description D [--called-by a,b] [--calls c,d] [--protocol HTTP|A2A]
  agentcore-multiagent remove-agent --name N [--delete-files]
      Edit agents.json; re-synthesize the project afterwards.
  agentcore-multiagent deploy|diff|destroy|watch [--stage NAME] [CDK CLI options]
      Runs the CDK CLI on the project's stack, or on one stage's (deploy keeps each stage's
      outputs in cdk-outputs.<stage>.json); with several stages, --stage is needed.
  agentcore-multiagent test-deployed [--stage NAME] [--outputs cdk-outputs.json] [--endpoint URL]
      Checks the deployed system: a greeting, then one delegation per callee.
  agentcore-multiagent eval [--cases evals/routing.json] [--endpoint URL | --deployed [--stage NAME] [--outputs F]] [--model M]
                            [--repeat N] [--min-pass-rate 0..1] [--concurrency 4] [--json FILE] [--junit FILE]
      Sends every case to the orchestrator and checks which agents each request reached,
      from the delegation records: on a local system it starts (the offline model unless
      AGENT_MODEL_PROVIDER or --model says otherwise), a running dev, or the deployed
      system. Exits 1 when a case fails.`;

/** Thin entry point: parse, call src/dev, print. Every error ends in one readable line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'bundle') return bundle(rest);
  if (command === 'dev') return dev(rest);
  if (command === 'invoke') return invoke(rest);
  if (command === 'add-agent') return addAgentCommand(rest);
  if (command === 'remove-agent') return removeAgentCommand(rest);
  if (command === 'test-deployed') return testDeployedCommand(rest);
  if (command === 'eval') return evaluate(rest);
  if ((CDK_ACTIONS as readonly string[]).includes(command)) {
    return runCdk(process.cwd(), command as CdkAction, rest);
  }
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  console.error(`Unknown command "${command}".\n${USAGE}`);
  return 1;
}

async function bundle(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { project: { type: 'string', default: '.' } } });
  const projectDir = resolve(values.project);
  const graph = AgentGraph.fromSpec(loadSystemFile(join(projectDir, AGENTS_FILE)));
  const dirs = graph.agents.map((a) => a.names.directory);
  const results = await bundleAgents(projectDir, dirs);
  results.forEach((r, i) => {
    console.log(`${relative(projectDir, r.outfile)}  ${(r.bytes / 1e6).toFixed(1)} MB`);
    if (i === results.length - 1)
      console.log(`Bundled ${results.length} agents in ${r.durationMs} ms`);
  });
  return 0;
}

async function dev(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8787' },
      model: { type: 'string' },
      watch: { type: 'boolean', default: true },
      project: { type: 'string', default: '.' },
      host: { type: 'string', default: '127.0.0.1' },
      eager: { type: 'boolean', default: false },
      'allow-remote': { type: 'boolean', default: false },
    },
    allowNegative: true,
  });
  const port = Number(values.port);
  const host = values.host;
  const remote = !isLoopbackAddress(host);
  if (remote && !values['allow-remote']) {
    throw new UsageError(
      `--host ${host} would let anyone who can reach this machine invoke every agent, with your AWS credentials and whatever the agents' tools can do; add --allow-remote to do that anyway, or leave --host out to stay on 127.0.0.1`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port ${values.port} is not a port number; give 0 to 65535 (0 picks a free one)`,
    );
  }
  if (values.model !== undefined && !(DEV_MODELS as readonly string[]).includes(values.model)) {
    throw new UsageError(
      `--model ${values.model} is not a model provider; use ${DEV_MODELS.join(', ')}`,
    );
  }
  const system = await DevSystem.start({
    projectDir: resolve(values.project),
    endpointPort: port,
    endpointHost: host,
    startAgents: values.eager ? 'all' : 'on-first-call',
    model: values.model as DevModel | undefined,
    watch: values.watch,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is already in use; pass --port 0 for any free port, or stop what uses it`,
      );
    }
    throw error;
  });
  if (remote) {
    console.log(
      `Warning: the endpoint listens on ${host} port ${new URL(system.endpointUrl).port}: anyone who can reach this machine there can invoke every agent with your AWS credentials. The agents themselves listen on 127.0.0.1 only.`,
    );
  }
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('Stopping agents...');
  await system.close();
  return 0;
}

async function invoke(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      arn: { type: 'string' },
      deployed: { type: 'boolean', default: false },
      stage: { type: 'string' },
      outputs: { type: 'string' },
      session: { type: 'string' },
      user: { type: 'string' },
      endpoint: { type: 'string' },
      protocol: { type: 'string' },
      stream: { type: 'boolean', default: true },
      json: { type: 'boolean', default: false },
      project: { type: 'string', default: '.' },
    },
    allowNegative: true,
  });
  let arn = values.arn;
  let endpointUrl = values.endpoint;
  if (
    values.protocol !== undefined &&
    !(PROTOCOLS as readonly string[]).includes(values.protocol)
  ) {
    throw new UsageError(
      `--protocol ${values.protocol} is not a protocol; use ${PROTOCOLS.join(' or ')}`,
    );
  }
  let protocol = values.protocol as Protocol | undefined;
  let prices: Readonly<Record<string, ModelPrice>> | undefined;
  let prompt: string | undefined;
  if (arn) {
    prompt = positionals.join(' ');
  } else {
    const [agent, ...words] = positionals;
    prompt = words.join(' ');
    if (!agent) throw new UsageError(`name an agent, or pass --arn for a deployed one.\n${USAGE}`);
    const target = await findInvokeTarget(resolve(values.project), agent, {
      deployed: values.deployed,
      stage: values.stage,
      ...(values.outputs ? { outputsFile: values.outputs } : {}),
    });
    arn = target.arn;
    endpointUrl ??= target.endpointUrl;
    protocol ??= target.protocol;
    prices = target.prices;
  }
  if (!prompt)
    throw new UsageError('give a prompt after the agent, e.g. invoke orchestrator "Hello"');

  const stream = values.stream;
  const result = await invokeAgent({
    arn,
    prompt,
    endpointUrl,
    stream,
    protocol,
    ...(values.session ? { sessionId: values.session } : {}),
    ...(values.user ? { userId: values.user } : {}),
    ...(values.json
      ? {}
      : {
          onText: (text: string) => process.stdout.write(text),
          onDelegation: (d) => {
            for (const line of formatDelegation(d, prices)) process.stderr.write(`${line}\n`);
          },
        }),
  });
  if (values.json) {
    console.log(JSON.stringify(result.raw ?? result, undefined, 2));
  } else {
    process.stdout.write('\n');
    process.stderr.write(`${formatAnswerSummary(result, prices)}\n`);
    process.stderr.write(
      `session: ${result.sessionId} (continue it with --session ${result.sessionId})\n`,
    );
  }
  return 0;
}

async function evaluate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: 'string' },
      endpoint: { type: 'string' },
      deployed: { type: 'boolean', default: false },
      stage: { type: 'string' },
      outputs: { type: 'string' },
      model: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      'min-pass-rate': { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      json: { type: 'string' },
      junit: { type: 'string' },
      project: { type: 'string', default: '.' },
    },
  });
  const repeat = wholeNumber('--repeat', values.repeat, 'e.g. --repeat 5 for a pass rate per case');
  const concurrency = wholeNumber('--concurrency', values.concurrency, 'e.g. --concurrency 4');
  const minPassRate = Number(values['min-pass-rate']);
  if (values['min-pass-rate'].trim() === '' || !(minPassRate >= 0 && minPassRate <= 1)) {
    throw new UsageError(
      `--min-pass-rate ${values['min-pass-rate']} is not a share; give 0 to 1, e.g. 0.8 for 4 runs in 5`,
    );
  }
  if (values.endpoint !== undefined && values.deployed) {
    throw new UsageError('give --endpoint (a running dev) or --deployed (AWS), not both');
  }
  if (values.endpoint !== undefined && !isHttpUrl(values.endpoint)) {
    throw new UsageError(
      `--endpoint ${values.endpoint} is not an http:// or https:// URL; give the endpoint dev prints, e.g. http://127.0.0.1:8787`,
    );
  }
  for (const flag of ['outputs', 'stage'] as const) {
    if (values[flag] !== undefined && !values.deployed) {
      throw new UsageError(
        `--${flag} names ${flag === 'stage' ? 'a stage of the deployed system' : 'the stack outputs of the deployed system'}; add --deployed, or leave --${flag} out`,
      );
    }
  }
  if (values.model !== undefined) {
    if (values.endpoint !== undefined || values.deployed) {
      throw new UsageError(
        '--model chooses the model of the system eval starts; a running dev or a deployed system keeps its own',
      );
    }
    if (!(DEV_MODELS as readonly string[]).includes(values.model)) {
      throw new UsageError(
        `--model ${values.model} is not a model provider; use ${DEV_MODELS.join(', ')}`,
      );
    }
  }
  const projectDir = resolve(values.project);
  const spec = loadSystemFile(join(projectDir, AGENTS_FILE));
  // Before the cases are read or anything starts: a stage that is not clear is a misuse.
  const stage = values.deployed ? chooseStage(spec, values.stage) : undefined;
  const graph = AgentGraph.fromSpec(spec);
  const casesFile = values.cases ?? ROUTING_CASES_FILE;
  const cases = loadRoutingCases(
    values.cases === undefined ? join(projectDir, ROUTING_CASES_FILE) : resolve(values.cases),
    graph,
    casesFile,
  );
  const open = await openTarget(projectDir, graph, casesFile, {
    endpoint: values.endpoint,
    deployed: values.deployed,
    stage,
    outputsFile: values.outputs,
    model: values.model as DevModel | undefined,
  });
  try {
    const { target } = open;
    if (open.startMs !== undefined) {
      console.log(
        `Started ${count(graph.agents.length, 'agent')} (${target.model}) in ${open.startMs} ms`,
      );
    }
    const where = target.kind === 'local' ? 'local system' : (target.endpointUrl ?? 'deployed');
    console.log(
      `Sending ${count(cases.length, 'case')}${repeat > 1 ? ` ${repeat} times each` : ''} from ${casesFile} to ${graph.orchestrator.spec.name} (${where})`,
    );
    const result = await runCases(cases, {
      repeat,
      minPassRate,
      concurrency,
      prices: graph.spec.prices,
      newSessionId,
      send: (prompt, sessionId) =>
        invokeAgent({
          arn: target.arn,
          endpointUrl: target.endpointUrl,
          protocol: graph.orchestrator.spec.protocol,
          prompt,
          sessionId,
          stream: false,
        }),
    });
    const report = ['', ...formatTable(result), '', ...formatFailures(result)];
    console.log([...report, formatSummary(summarize(result))].join('\n'));
    if (values.json) {
      writeReport(values.json, `${JSON.stringify(jsonReport(result, target), undefined, 2)}\n`);
    }
    if (values.junit) writeReport(values.junit, junitReport(result, target));
    const unanswered = result.cases.some((c) => c.runs.some((r) => r.error !== undefined));
    if (unanswered && open.recentLines().length > 0) {
      console.error(`The local system's last lines:\n  ${open.recentLines().join('\n  ')}`);
    }
    const failed = result.cases.filter((c) => !c.pass).map((c) => `"${c.case.name}"`);
    if (failed.length === 0) return 0;
    console.error(
      `eval: ${failed.length} of ${count(cases.length, 'case')} failed: ${failed.join(', ')}`,
    );
    return 1;
  } finally {
    await open.close();
  }
}

/** Writes a report where asked (its folder created), saying where. */
function writeReport(path: string, content: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, content);
  console.log(`Wrote ${path}`);
}

/** A whole number of at least 1 from a flag. @throws UsageError naming the flag */
function wholeNumber(flag: string, value: string, example: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`${flag} ${value} is not a whole number of at least 1; ${example}`);
  }
  return n;
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}

/** `1 agent`, `3 agents`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error & { name?: string; code?: unknown; $metadata?: unknown }) => {
    const kind = error.$metadata ? `${error.name}: ` : '';
    console.error(`agentcore-multiagent: ${kind}${error.message}`);
    // A command called the wrong way exits 2, any other failure 1; an option parseArgs
    // refuses (unknown, or missing its value) is such a call too.
    const misused =
      error instanceof UsageError ||
      error instanceof StageChoiceError ||
      String(error.code).startsWith('ERR_PARSE_ARGS_');
    process.exitCode = misused ? 2 : 1;
  },
);
