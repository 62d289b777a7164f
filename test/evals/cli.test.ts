import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevSystem } from '../../src/dev/system';
import { starterCasesJson } from '../../src/evals/starter';
import { outputKey } from '../../src/graph/names';
import { OUTPUTS_FILE, ROUTING_CASES_FILE } from '../../src/layout';
import type { SystemInput } from '../../src/spec/schema';
import { buildCli, runCli } from '../cli/cli-process';
import { createProject, type TestProject } from '../dev/harness';
import { findAll, parseXml } from './parse-xml';

/** 1+3: the orchestrator calls a researcher and a writer; the researcher calls an archivist. */
const TEAM: SystemInput = {
  name: 'eval-team',
  agents: [
    {
      name: 'orchestrator',
      role: 'orchestrator',
      description: 'Answers user requests and delegates to specialists.',
      calls: ['researcher', 'writer'],
    },
    {
      name: 'researcher',
      role: 'specialist',
      description: 'Researches a topic in depth and reports the key facts with sources.',
      calls: ['archivist'],
    },
    {
      name: 'writer',
      role: 'specialist',
      description: 'Drafts prose: turns notes into a clear, well-structured essay or poem.',
    },
    {
      name: 'archivist',
      role: 'specialist',
      description: 'Keeps the archive of past studies and retrieves earlier findings.',
    },
  ],
};

/** A port on 127.0.0.1 that was free a moment ago and that nothing listens on now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** No model provider and no AWS credentials: eval must choose the offline model itself. */
const OFFLINE_ENV = { AGENT_MODEL_PROVIDER: '', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '' };

/**
 * `agentcore-multiagent eval` as a user runs it, compiled as it ships, in a generated
 * project: it starts the agents as real processes on the offline model, sends each case
 * through the real AWS SDK to the local endpoint and judges the delegation records.
 */
describe('agentcore-multiagent eval on a generated 1+3 system', () => {
  let project: TestProject;
  let cli: string;
  const eval_ = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(cli, ['eval', ...args], {
      cwd: project.dir,
      env: { ...OFFLINE_ENV, HOME: project.dir, ...env },
      timeoutMs: 120_000,
    });
  const write = (name: string, content: unknown) => {
    const path = join(project.dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    project = await createProject(TEAM);
    cli = await buildCli(project.dir);
    // The file a new project starts with, as the project type writes it.
    mkdirSync(join(project.dir, 'evals'));
    writeFileSync(join(project.dir, ROUTING_CASES_FILE), starterCasesJson(project.graph));
  });

  afterAll(async () => {
    await project?.remove();
  });

  it('passes the scaffolded cases offline, nested delegation included, and writes valid reports', async () => {
    const run = await eval_(['--json', 'reports/eval.json', '--junit', 'reports/eval.xml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Started 4 agents \(offline\) in \d+ ms$/m);
    expect(run.stdout).toMatch(
      /^reaches archivist +archivist +researcher → archivist +PASS +\d+ +[\d,]+$/m,
    );
    expect(run.stdout).toMatch(
      /^orchestrator answers a greeting itself +not researcher, writer +none +PASS/m,
    );
    expect(run.stdout).toMatch(
      /^4 of 4 cases passed · routing accuracy 100% \(4 of 4 runs\) · latency p50 \d+ ms, p95 \d+ ms · [\d,]+ tokens · \$0 · 4 runs in [\d.]+ s$/m,
    );

    const report = JSON.parse(readFileSync(join(project.dir, 'reports', 'eval.json'), 'utf8'));
    expect(report.target).toMatchObject({ kind: 'local', model: 'offline' });
    expect(report.summary).toMatchObject({ cases: 4, casesPassed: 4, routingAccuracy: 1 });
    const archivist = report.cases.find((c: { name: string }) => c.name === 'reaches archivist');
    expect(archivist.runs[0].reached).toContainEqual({
      agent: 'archivist',
      via: ['researcher'],
      ok: true,
    });
    expect(archivist.runs[0].totalTokens).toBeGreaterThan(0);

    const junit = parseXml(readFileSync(join(project.dir, 'reports', 'eval.xml'), 'utf8'));
    expect(junit.attrib).toMatchObject({ tests: '4', failures: '0', errors: '0' });
    expect(findAll(junit, 'testcase').map((c) => c.attrib.name)).toEqual([
      'reaches researcher',
      'reaches writer',
      'reaches archivist',
      'orchestrator answers a greeting itself',
    ]);
  });

  it('fails a case that expects the wrong specialist, naming it, and exits 1', async () => {
    const cases = write('wrong.json', {
      cases: [
        {
          name: 'poem goes to the researcher',
          prompt: 'Write a poem about the sea',
          expect: { delegates: ['researcher'], notDelegates: ['writer'] },
        },
        { prompt: 'Write an essay on tides', expect: { delegates: ['writer'] } },
      ],
    });
    const run = await eval_(['--cases', cases, '--junit', 'wrong.xml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^poem goes to the researcher +researcher; not writer +writer +FAIL/m,
    );
    expect(run.stdout).toContain(
      'FAIL poem goes to the researcher: did not delegate to researcher; delegated to writer, which it must not',
    );
    expect(run.stdout).toMatch(/^#2 Write an essay on tides +writer +writer +PASS/m);
    expect(run.stdout).toContain('1 of 2 cases passed · routing accuracy 50% (1 of 2 runs)');
    expect(run.stderr).toBe('eval: 1 of 2 cases failed: "poem goes to the researcher"\n');
    const [failure] = findAll(
      parseXml(readFileSync(join(project.dir, 'wrong.xml'), 'utf8')),
      'failure',
    );
    expect(failure.attrib.message).toContain('did not delegate to researcher');
  });

  it('reports a pass rate per case with --repeat, judged against --min-pass-rate', async () => {
    const cases = write('repeat.json', {
      cases: [
        { name: 'research', prompt: 'Research the tides', expect: { delegates: ['researcher'] } },
        { name: 'misrouted', prompt: 'Draft a poem', expect: { delegates: ['researcher'] } },
      ],
    });
    const run = await eval_(['--cases', cases, '--repeat', '3', '--json', 'repeat.json.out']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^research +researcher +researcher +3\/3 PASS/m);
    expect(run.stdout).toMatch(/^misrouted +researcher +writer +0\/3 FAIL/m);
    expect(run.stdout).toContain(
      'FAIL misrouted: 0/3 runs passed, 100% needed; did not delegate to researcher (3 of 3 runs)',
    );
    const report = JSON.parse(readFileSync(join(project.dir, 'repeat.json.out'), 'utf8'));
    expect(report).toMatchObject({ repeat: 3, minPassRate: 1 });
    expect(report.cases.map((c: { passRate: number }) => c.passRate)).toEqual([1, 0]);
    expect(report.cases[0].runs).toHaveLength(3);
    // Every run in its own session.
    const sessions = report.cases.flatMap((c: { runs: { sessionId: string }[] }) =>
      c.runs.map((r) => r.sessionId),
    );
    expect(new Set(sessions).size).toBe(6);

    const lenient = await eval_(['--cases', cases, '--repeat', '2', '--min-pass-rate', '0']);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('2 of 2 cases passed');
  });

  it('refuses an invalid cases file with every problem, before starting anything', async () => {
    const cases = write('bad.json', {
      cases: [
        { prompt: '', expect: { delegates: ['reseacher'] } },
        { prompt: 'x', expect: { notDelegates: ['writr'] } },
      ],
    });
    const run = await eval_(['--cases', cases]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`The eval cases in ${cases} have 3 problems:`);
    expect(run.stderr).toContain('cases[0].prompt: the prompt is empty (got "")');
    expect(run.stderr).toContain(
      'cases[0].expect.delegates[0]: names no agent of this system (got "reseacher"). Fix: did you mean "researcher"?',
    );
    expect(run.stderr).toContain('cases[1].expect.notDelegates[0]');
    const json = write('broken.json', '{\n  "cases": [\n    { "prompt": "a", }\n  ]\n}\n');
    const broken = await eval_(['--cases', json]);
    expect(broken.stderr).toContain('(line 3, column 22): is not valid JSON');
  });

  it('refuses a mistaken option with exit code 2 and the fix, before starting anything', async () => {
    const misuses: Array<[string[], string]> = [
      [['--repeat', '0'], '--repeat 0 is not a whole number of at least 1'],
      [['--min-pass-rate', '1.5'], '--min-pass-rate 1.5 is not a share; give 0 to 1'],
      [
        ['--endpoint', 'localhost:8787'],
        '--endpoint localhost:8787 is not an http:// or https:// URL; give the endpoint dev prints, e.g. http://127.0.0.1:8787',
      ],
      [
        ['--outputs', 'cdk-outputs.json'],
        '--outputs names the stack outputs of the deployed system; add --deployed, or leave --outputs out',
      ],
      [['--repeats', '3'], "Unknown option '--repeats'"],
    ];
    // Independent processes: run together, so the test takes one start, not five.
    const runs = await Promise.all(misuses.map(([args]) => eval_(args)));
    runs.forEach((run, i) => {
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr).toContain(misuses[i][1]);
    });
  });

  it('says once that nothing answers at --endpoint, instead of failing every case', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await eval_(['--endpoint', url, '--junit', 'unreachable.xml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^agentcore-multiagent: nothing answers at ${url} \\(ECONNREFUSED\\); start the system there with "npx projen dev", or leave --endpoint out and eval starts one itself\n$`,
      ),
    );
    expect(existsSync(join(project.dir, 'unreachable.xml'))).toBe(false);
  });

  it('evaluates a running dev with --endpoint, the deployed system with --deployed, and tells how when eval would start a second', async () => {
    const system = await DevSystem.start({
      projectDir: project.dir,
      model: 'offline',
      watch: false,
      log: () => undefined,
    });
    try {
      const own = await eval_([]);
      expect(own.code).toBe(1);
      expect(own.stderr).toContain(
        `dev is already running in this project (process ${process.pid}); evaluate it with --endpoint ${system.endpointUrl}`,
      );
      const run = await eval_(['--endpoint', system.endpointUrl]);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('Started');
      expect(run.stdout).toContain(`to orchestrator (${system.endpointUrl})`);
      expect(run.stdout).toContain('4 of 4 cases passed');

      // --deployed reads the ARN from the stack outputs (here a file --outputs names) and
      // calls AWS's own endpoint; the SDK's endpoint variable sends that call to the local
      // system instead.
      const orchestrator = project.graph.orchestrator;
      mkdirSync(join(project.dir, 'stage'));
      write(join('stage', OUTPUTS_FILE), {
        [project.spec.name]: {
          [outputKey(orchestrator.names, 'RuntimeArn')]: system.agent('orchestrator').arn,
        },
      });
      const outputs = ['--outputs', join('stage', OUTPUTS_FILE)];
      const deployed = await eval_(['--deployed', ...outputs, '--junit', 'deployed.xml'], {
        AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: system.endpointUrl,
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'example',
      });
      expect(deployed.code).toBe(0);
      expect(deployed.stdout).toContain('to orchestrator (deployed)');
      expect(deployed.stdout).toContain('4 of 4 cases passed');
      const junit = parseXml(readFileSync(join(project.dir, 'deployed.xml'), 'utf8'));
      expect(findAll(junit, 'property')).toContainEqual(
        expect.objectContaining({ attrib: { name: 'target', value: 'deployed' } }),
      );
    } finally {
      await system.close();
    }
  });
});
