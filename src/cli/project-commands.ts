import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { starterCase } from '../evals/starter';
import { AgentGraph } from '../graph/agent-graph';
import { agentNames } from '../graph/names';
import { AGENTS_FILE, ROUTING_CASES_FILE } from '../layout';
import { addAgent, removeAgent } from '../spec/edit';
import { readSystemFile } from '../spec/load';
import { BUILD_MODES, type BuildMode, PROTOCOLS, type Protocol } from '../spec/schema';
import { validateSystem } from '../spec/validate';
import { editAgentsFile } from './agents-file';

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);

/** `add-agent --name N --description D [--called-by a,b] [--calls c,d] [--model ID] [--build container|code]` */
export function addAgentCommand(args: string[], log: (line: string) => void = console.log): number {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      description: { type: 'string' },
      'called-by': { type: 'string' },
      calls: { type: 'string' },
      'system-prompt': { type: 'string' },
      model: { type: 'string' },
      build: { type: 'string' },
      protocol: { type: 'string' },
      project: { type: 'string', default: '.' },
    },
  });
  if (!values.name || values.description === undefined) {
    throw new UsageError(
      'add-agent needs --name and --description, e.g. add-agent --name critic --description "Reviews drafts for errors"',
    );
  }
  if (values.build !== undefined && !(BUILD_MODES as readonly string[]).includes(values.build)) {
    throw new UsageError(
      `--build ${values.build} is not a build mode; use ${BUILD_MODES.join(' or ')}`,
    );
  }
  if (
    values.protocol !== undefined &&
    !(PROTOCOLS as readonly string[]).includes(values.protocol)
  ) {
    throw new UsageError(
      `--protocol ${values.protocol} is not a protocol; use ${PROTOCOLS.join(' or ')}`,
    );
  }
  const projectDir = resolve(values.project);
  const request = {
    name: values.name,
    description: values.description,
    calledBy: list(values['called-by']),
    calls: list(values.calls),
    systemPrompt: values['system-prompt'],
    modelId: values.model,
    buildMode: values.build as BuildMode | undefined,
    protocol: values.protocol as Protocol | undefined,
  };
  const result = editAgentsFile(projectDir, (input) => addAgent(input, request));
  if (!result.changed) {
    log(`Agent "${values.name}" is already there with these links; ${AGENTS_FILE} is unchanged.`);
    return 0;
  }
  const graph = AgentGraph.fromSpec(result.spec);
  const callers = graph.callers(values.name).map((e) => e.caller.spec.name);
  log(
    `Added agent "${values.name}" to ${AGENTS_FILE}${callers.length ? `, called by ${callers.join(', ')}` : ', called by nobody yet'}.`,
  );
  // Offered, never written: the cases file is the user's.
  const routingCase = starterCase(graph, values.name);
  if (routingCase) {
    log(
      `A case for "npx projen eval" that checks requests reach it; add it to ${ROUTING_CASES_FILE} if you want it:\n  ${JSON.stringify(routingCase)}`,
    );
  }
  return 0;
}

/** `remove-agent --name N [--delete-files]` */
export function removeAgentCommand(
  args: string[],
  log: (line: string) => void = console.log,
): number {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      'delete-files': { type: 'boolean', default: false },
      project: { type: 'string', default: '.' },
    },
  });
  if (!values.name) {
    throw new UsageError('remove-agent needs --name, e.g. remove-agent --name critic');
  }
  const projectDir = resolve(values.project);
  const name = values.name;
  const result = editAgentsFile(projectDir, (input) => removeAgent(input, name));
  const directory = agentNames(result.spec.name, name).directory;
  if (values['delete-files']) {
    rmSync(join(projectDir, directory), { recursive: true, force: true });
    log(`Removed agent "${values.name}" and deleted ${directory}/.`);
  } else {
    const kept = existsSync(join(projectDir, directory))
      ? ` Its own code in ${directory}/ is kept; delete that folder when you no longer need it.`
      : '';
    log(`Removed agent "${values.name}" and every link to it.${kept}`);
  }
  return 0;
}

/**
 * `test-deployed`: the reference pattern's smoke test, made strict. A greeting must be
 * answered, and a request for each of the orchestrator's callees must be answered by
 * delegating to it: an answer without the delegation fails.
 */
export async function testDeployedCommand(
  args: string[],
  log: (line: string) => void = console.log,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      stage: { type: 'string' },
      outputs: { type: 'string' },
      project: { type: 'string', default: '.' },
      // Points the check at a local system (`dev`) instead of AWS, to try it before deploying.
      endpoint: { type: 'string' },
    },
  });
  const endpointUrl = values.endpoint;
  const [{ invokeAgent, newSessionId }, { findInvokeTarget }] = await Promise.all([
    import('../dev/invoke.js'),
    import('../dev/targets.js'),
  ]);
  const projectDir = resolve(values.project);
  const graph = AgentGraph.fromSpec(
    validateSystem(readSystemFile(join(projectDir, AGENTS_FILE)), AGENTS_FILE),
  );
  const { arn, protocol } = await findInvokeTarget(projectDir, graph.orchestrator.spec.name, {
    deployed: true,
    stage: values.stage,
    outputsFile: values.outputs,
  });
  let failures = 0;
  const check = (ok: boolean, what: string) => {
    log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
    if (!ok) failures++;
  };

  const sessionId = newSessionId();
  const greeting = await invokeAgent({
    arn,
    protocol,
    endpointUrl,
    sessionId,
    prompt: 'Hello! In one sentence, what can you help with?',
    stream: false,
  });
  check(greeting.response.trim().length > 0, `${graph.orchestrator.spec.name} answers a greeting`);
  for (const edge of graph.callees(graph.orchestrator.spec.name)) {
    const callee = edge.callee;
    const result = await invokeAgent({
      arn,
      protocol,
      endpointUrl,
      sessionId,
      stream: false,
      prompt: `Use your ${callee.names.toolName} tool for this: ${callee.spec.description}`,
    });
    const delegated = result.delegations.some((d) => d.agent === callee.spec.name && d.ok);
    check(
      delegated,
      `${graph.orchestrator.spec.name} delegates to ${callee.spec.name} when asked for what it does`,
    );
  }
  log(failures === 0 ? 'ALL TESTS PASSED' : `${failures} TEST(S) FAILED`);
  return failures === 0 ? 0 : 1;
}

/** A mistake in how a command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
