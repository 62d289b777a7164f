import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdkArguments } from '../../src/cli/cdk-command';
import { UsageError } from '../../src/cli/project-commands';
import { AgentGraph } from '../../src/graph/agent-graph';
import { outputKey } from '../../src/graph/names';
import type { SystemInput } from '../../src/spec/schema';
import { StageChoiceError } from '../../src/spec/stages';
import { validateSystem } from '../../src/spec/validate';
import { buildCli, cliDir, runCli } from './cli-process';

const STAGED: SystemInput = {
  name: 'team',
  stages: { dev: {}, prod: { region: 'eu-west-1', account: '123456789012' } },
  agents: [
    { name: 'orchestrator', role: 'orchestrator', description: 'Routes.' },
    { name: 'writer', role: 'specialist', description: 'Writes.' },
  ],
};
const { stages: _stages, ...PLAIN } = STAGED;

const arnOf = (stage: string) =>
  `arn:aws:bedrock-agentcore:${stage === 'prod' ? 'eu-west-1' : 'us-east-1'}:123456789012:runtime/team_${stage}_orchestrator-abc`;

/** A project's folder: agents.json, and the outputs `deploy` wrote for each stage. */
function project(input: SystemInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'stages-'));
  writeFileSync(join(dir, 'agents.json'), JSON.stringify(input));
  const key = outputKey(
    AgentGraph.fromSpec(validateSystem(input)).orchestrator.names,
    'RuntimeArn',
  );
  for (const stage of Object.keys(input.stages ?? {})) {
    writeFileSync(
      join(dir, `cdk-outputs.${stage}.json`),
      JSON.stringify({ [`team-${stage}`]: { [key]: arnOf(stage) } }),
    );
  }
  return dir;
}

const SEVERAL =
  'agents.json describes 2 stages (dev, prod) and this acts on one; name it with --stage, e.g. --stage dev';

describe('the CDK CLI’s arguments', () => {
  const staged = validateSystem(STAGED);
  const plain = validateSystem(PLAIN);

  it('are what the tasks ran before stages, for a system without them', () => {
    expect(cdkArguments(plain, 'deploy', ['--require-approval', 'never'])).toEqual([
      'deploy',
      '--outputs-file',
      'cdk-outputs.json',
      '--require-approval',
      'never',
    ]);
    expect(cdkArguments(plain, 'diff', [])).toEqual(['diff']);
    expect(cdkArguments(plain, 'destroy', ['--force'])).toEqual(['destroy', '--force']);
  });

  it('name the stage’s stack, and its own outputs file for deploy', () => {
    expect(cdkArguments(staged, 'deploy', ['--stage', 'prod', '--hotswap'])).toEqual([
      'deploy',
      'team-prod',
      '--outputs-file',
      'cdk-outputs.prod.json',
      '--hotswap',
    ]);
    expect(cdkArguments(staged, 'diff', ['--stage=dev'])).toEqual(['diff', 'team-dev']);
    // After `--` everything is the CDK CLI's.
    expect(cdkArguments(staged, 'destroy', ['--stage', 'dev', '--', '--stage'])).toEqual([
      'destroy',
      'team-dev',
      '--',
      '--stage',
    ]);
    const single = validateSystem({ ...PLAIN, stages: { prod: {} } });
    expect(cdkArguments(single, 'diff', [])).toEqual(['diff', 'team-prod']);
  });

  it('watch one stage and keep its outputs current, as deploy does', () => {
    expect(cdkArguments(staged, 'watch', ['--stage', 'dev'])).toEqual([
      'watch',
      'team-dev',
      '--outputs-file',
      'cdk-outputs.dev.json',
    ]);
    expect(cdkArguments(plain, 'watch', [])).toEqual([
      'watch',
      '--outputs-file',
      'cdk-outputs.json',
    ]);
    expect(() => cdkArguments(staged, 'watch', [])).toThrow(new StageChoiceError(SEVERAL));
  });

  it('are refused when the stage is not clear, listing the stages', () => {
    expect(() => cdkArguments(staged, 'deploy', [])).toThrow(new StageChoiceError(SEVERAL));
    expect(() => cdkArguments(staged, 'deploy', ['--stage', 'prd'])).toThrow(
      '--stage prd: agents.json has no stage "prd"; did you mean "prod"? Its stages are dev, prod',
    );
    expect(() => cdkArguments(staged, 'deploy', ['--stage', 'qa'])).toThrow(
      'has no stage "qa"; use one of dev, prod',
    );
    expect(() => cdkArguments(plain, 'deploy', ['--stage', 'prod'])).toThrow(
      '--stage prod: agents.json has no stages, so no stage "prod"',
    );
    expect(() => cdkArguments(staged, 'deploy', ['--stage'])).toThrow(UsageError);
    expect(() => cdkArguments(staged, 'deploy', ['--stage', '--force'])).toThrow(
      '--stage needs the name of a stage, e.g. --stage prod',
    );
  });
});

/**
 * The commands as a user runs them, compiled as they ship, with a stand-in for the CDK CLI
 * on the PATH that records its arguments and exits 3.
 */
describe('agentcore-multiagent on a system with stages', () => {
  let dir: string;
  let cli: string;
  let bin: string;
  let server: Server;
  let endpoint: string;
  const invoked: string[] = [];

  const run = (projectDir: string, args: string[]) =>
    runCli(cli, args, {
      cwd: projectDir,
      timeoutMs: 60_000,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        CDK_ARGS_FILE: join(projectDir, 'cdk-args'),
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'example',
        AWS_REGION: 'us-east-1',
      },
    });
  const cdkArgs = (projectDir: string) =>
    existsSync(join(projectDir, 'cdk-args'))
      ? readFileSync(join(projectDir, 'cdk-args'), 'utf8').trim().split('\n')
      : undefined;

  beforeAll(async () => {
    dir = cliDir();
    cli = await buildCli(dir);
    bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'cdk'),
      '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$CDK_ARGS_FILE"\nexit 3\n',
    );
    chmodSync(join(bin, 'cdk'), 0o755);
    // A runtime endpoint that answers every invocation and notes which runtime was called.
    server = createServer((req, res) => {
      invoked.push(decodeURIComponent(req.url ?? ''));
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: "Hello"\n\n');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((done) => server?.close(() => done()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('deploys one stage with the CDK CLI: its stack, its outputs file, the rest as given', async () => {
    const projectDir = project(STAGED);
    const result = await run(projectDir, [
      'deploy',
      '--stage',
      'prod',
      '--require-approval',
      'never',
    ]);
    expect(cdkArgs(projectDir)).toEqual([
      'deploy',
      'team-prod',
      '--outputs-file',
      'cdk-outputs.prod.json',
      '--require-approval',
      'never',
    ]);
    expect(result.stderr).toBe(
      'cdk deploy team-prod --outputs-file cdk-outputs.prod.json --require-approval never\n',
    );
    expect(result.code).toBe(3);
  });

  it('runs what it ran before stages for a system without them', async () => {
    const projectDir = project(PLAIN);
    expect((await run(projectDir, ['deploy'])).code).toBe(3);
    expect(cdkArgs(projectDir)).toEqual(['deploy', '--outputs-file', 'cdk-outputs.json']);
  });

  it('refuses with exit code 2 to guess a stage, listing them, and runs nothing', async () => {
    const projectDir = project(STAGED);
    const misuses: Array<[string[], string]> = [
      [['deploy'], SEVERAL],
      [['diff'], SEVERAL],
      [['destroy', '--force'], SEVERAL],
      [['deploy', '--stage', 'prd'], 'did you mean "prod"? Its stages are dev, prod'],
      [['invoke', 'orchestrator', 'Hello', '--deployed'], SEVERAL],
      [['test-deployed'], SEVERAL],
      [['eval', '--deployed'], SEVERAL],
      [
        ['eval', '--stage', 'prod'],
        '--stage names a stage of the deployed system; add --deployed, or leave --stage out',
      ],
    ];
    const runs = await Promise.all(misuses.map(([args]) => run(projectDir, args)));
    runs.forEach((result, i) => {
      expect({ code: result.code, stdout: result.stdout }, misuses[i][0].join(' ')).toEqual({
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(misuses[i][1]);
    });
    expect(cdkArgs(projectDir)).toBeUndefined();
  });

  it('invokes the agent of the stage --stage names', async () => {
    const projectDir = project(STAGED);
    for (const stage of ['prod', 'dev']) {
      const result = await run(projectDir, [
        'invoke',
        'orchestrator',
        'Hello',
        '--stage',
        stage,
        '--endpoint',
        endpoint,
      ]);
      expect(result.stderr).not.toContain('agentcore-multiagent:');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Hello');
      expect(invoked.at(-1)).toContain(`/runtimes/${arnOf(stage)}/invocations`);
    }
  });
});
