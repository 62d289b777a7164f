import { posix } from 'node:path';
import type { awscdk, Task } from 'projen';
import { AGENTS_TSCONFIG, OUTPUTS_FILE, outputsFile, ROUTING_CASES_FILE } from '../layout';
import { PACKAGE_NAME } from './versions';

/** The command-line tool of this package that generated projects' tasks run. */
export const TOOL_BIN = 'agentcore-multiagent';

/** What the synth preloads so a broken agents.json reads as its report, not a crash. */
export const SYNTH_ERROR_REPORTER = `${PACKAGE_NAME}/projen/report-errors`;

/**
 * The tasks of a generated project. Arguments reach them as an argument list, never
 * through a shell (`execArgs`), so a description such as `a; rm -rf ~` stays text.
 */
export function addSystemTasks(project: awscdk.AwsCdkTypeScriptApp): void {
  const bundle = project.bundler.bundleTask;
  bundle.exec(`${TOOL_BIN} bundle`);
  prepareEverySynth(project, bundle);
  // Through this package's CLI, which turns `--stage` into the stage's stack and outputs
  // file; without stages it runs what these tasks ran before stages existed.
  // `watch` too: projen's deploys every stack and then watches, which an app with several
  // stacks refuses; `cdk watch` deploys before it watches, so one step does both.
  const { deploy, diff, destroy } = project.cdkTasks;
  const watch = project.tasks.tryFind('watch');
  if (!watch) throw new Error("projen's CDK app has no watch task to route through --stage");
  for (const task of [deploy, diff, destroy, watch]) {
    task.reset();
    task.execArgs([TOOL_BIN, task.name], { receiveArgs: true });
    task.description = `${task.description} (--stage NAME: one stage of agents.json)`;
  }

  const resynth = project.defaultTask;
  if (!resynth)
    throw new Error('A projen project without a default task cannot re-synthesize after add-agent');
  reportSpecErrorsOnSynth(resynth);
  project
    .addTask('add-agent', {
      description:
        'Add an agent: --name N --description "D" [--called-by a,b] [--calls c,d] [--protocol HTTP|A2A]',
      execArgs: [TOOL_BIN, 'add-agent'],
      receiveArgs: true,
    })
    .spawn(resynth);
  project
    .addTask('remove-agent', {
      description: 'Remove an agent and every link to it: --name N [--delete-files]',
      execArgs: [TOOL_BIN, 'remove-agent'],
      receiveArgs: true,
    })
    .spawn(resynth);
  project.addTask('dev', {
    description: 'Run every agent locally behind an AgentCore-compatible endpoint',
    execArgs: [TOOL_BIN, 'dev'],
    receiveArgs: true,
  });
  project.addTask('invoke', {
    description:
      'Send a prompt to an agent, local or deployed: invoke AGENT "PROMPT" [--deployed | --stage NAME]',
    execArgs: [TOOL_BIN, 'invoke'],
    receiveArgs: true,
  });
  project.addTask('eval', {
    description: `Check that each request in ${ROUTING_CASES_FILE} reaches the right agents (offline by default; --endpoint URL, --deployed [--stage NAME], --repeat N, --json F, --junit F)`,
    execArgs: [TOOL_BIN, 'eval'],
    receiveArgs: true,
  });
  project.addTask('test:deployed', {
    description: `Check the deployed system: a greeting, then a request that must be delegated (reads ${OUTPUTS_FILE}; --stage NAME: ${outputsFile('<stage>')})`,
    execArgs: [TOOL_BIN, 'test-deployed'],
    receiveArgs: true,
  });

  // Agents are ES modules bundled by esbuild, outside the CDK app's compilation: they
  // are type-checked on their own before the tests run, all in one compiler run.
  const typecheck = project.addTask('typecheck:agents', {
    description: 'Type-check every agent',
    exec: `tsc -p ${AGENTS_TSCONFIG}`,
  });
  project.testTask.spawn(typecheck);
  // The tests synthesize the stack, which reads the bundles.
  project.testTask.spawn(bundle);
  project.testTask.exec('vitest run');
}

/**
 * cdk.json's build command, which the CDK CLI runs before every synth, diff, deploy and
 * destroy: type-check the CDK app, then bundle the agents (synthesis uploads their bundles).
 * The app itself then runs transpiled only: ts-node's own type-check of it costs three
 * times the CPU and twice the memory of this one tsc run, on every synth.
 */
function prepareEverySynth(project: awscdk.AwsCdkTypeScriptApp, bundle: Task): void {
  const tsconfig = project.tsconfig?.fileName ?? 'tsconfig.json';
  const prepare = project.addTask('synth:prepare', {
    description:
      'Type-check the CDK app and bundle every agent (the CDK CLI runs this before each synth)',
    exec: `tsc --noEmit -p ${tsconfig}`,
  });
  prepare.spawn(bundle);
  const entrypoint = posix.join(project.srcdir, project.appEntrypoint);
  project.cdkConfig.json.addOverride('build', `npx projen ${prepare.name}`);
  project.cdkConfig.json.addOverride(
    'app',
    `npx ts-node --transpile-only -P ${tsconfig} --prefer-ts-exts ${entrypoint}`,
  );
}

/** Has the synth's ts-node step preload {@link SYNTH_ERROR_REPORTER}. */
function reportSpecErrorsOnSynth(synth: Task): void {
  const steps = synth.steps;
  synth.reset();
  for (const step of steps) {
    const [command, ...args] = step.execArgs ?? [];
    synth.addSteps(
      command === 'ts-node'
        ? { ...step, execArgs: [command, '--require', SYNTH_ERROR_REPORTER, ...args] }
        : step,
    );
  }
}
