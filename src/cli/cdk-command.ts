import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { stackName } from '../graph/names';
import { AGENTS_FILE, outputsFile } from '../layout';
import { loadSystemFile } from '../spec/load';
import type { SystemSpec } from '../spec/schema';
import { chooseStage } from '../spec/stages';
import { UsageError } from './project-commands';

/** The CDK CLI's commands a generated project runs through this package, for `--stage`. */
export const CDK_ACTIONS = ['deploy', 'diff', 'destroy', 'watch'] as const;
export type CdkAction = (typeof CDK_ACTIONS)[number];

/**
 * The CDK CLI's arguments for an action: for a system without stages exactly what the
 * project's tasks ran before stages existed (`deploy --outputs-file cdk-outputs.json`,
 * `diff`, `destroy`); for a stage, its stack, and for `deploy` and `watch` (a deploy that
 * repeats on every change) its own outputs file. Every other argument goes to the CDK CLI
 * as given.
 * @throws StageChoiceError when the system has several stages and `--stage` names none,
 * or names one it does not have
 * @throws UsageError when `--stage` has no value
 */
export function cdkArguments(
  spec: SystemSpec,
  action: CdkAction,
  args: readonly string[],
): string[] {
  const { stage: requested, rest } = takeStage(args);
  const stage = chooseStage(spec, requested);
  const stack = stage === undefined ? [] : [stackName(spec.name, stage)];
  const deploys = action === 'deploy' || action === 'watch';
  const outputs = deploys ? ['--outputs-file', outputsFile(stage)] : [];
  return [action, ...stack, ...outputs, ...rest];
}

/**
 * Runs the CDK CLI for an action on the project in `projectDir`, its output shown as it
 * comes. @returns the CDK CLI's exit status
 */
export function runCdk(projectDir: string, action: CdkAction, args: readonly string[]): number {
  const spec = loadSystemFile(join(projectDir, AGENTS_FILE));
  const cdkArgs = cdkArguments(spec, action, args);
  process.stderr.write(`cdk ${cdkArgs.join(' ')}\n`);
  const run = spawnSync('cdk', cdkArgs, { cwd: projectDir, stdio: 'inherit' });
  if (run.error) {
    throw new Error(
      `cannot run the CDK CLI (${(run.error as NodeJS.ErrnoException).code ?? run.error.message}); run this in the project, as "npx projen ${action}", where aws-cdk is installed`,
    );
  }
  if (run.signal) return 128 + (constants.signals[run.signal] ?? 0);
  return run.status ?? 1;
}

/** Takes `--stage NAME` (or `--stage=NAME`) out of arguments meant for the CDK CLI. */
function takeStage(args: readonly string[]): { stage?: string; rest: string[] } {
  const rest: string[] = [];
  let stage: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === '--stage' || arg.startsWith('--stage=')) {
      const value = arg === '--stage' ? args[++i] : arg.slice('--stage='.length);
      if (value === undefined || value === '' || value.startsWith('-')) {
        throw new UsageError('--stage needs the name of a stage, e.g. --stage prod');
      }
      stage = value;
    } else {
      rest.push(arg);
    }
  }
  return { stage, rest };
}
