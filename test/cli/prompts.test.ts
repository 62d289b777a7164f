import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
// The prompt library's own test harness: every @inquirer prompt draws on a virtual screen
// and reads the keys the test presses, and otherwise runs as it does at a terminal.
import { screen } from '@inquirer/testing/vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/create';
import { buildCli, CLI_ENV, cliDir } from './cli-process';

type Key = Parameters<typeof screen.keypress>[0];
const ENTER: Key = { name: 'enter' };
const DOWN: Key = { name: 'down' };
const SPACE: Key = { name: 'space' };
/** Deletes what was typed (readline's Ctrl-U), to correct an answer. */
const CLEAR: Key = { name: 'u', ctrl: true };
const CTRL_C: Key = { name: 'c', ctrl: true };

/**
 * Starts the scaffolder in this process as if at a terminal, for the test to answer its
 * questions one by one.
 */
function scaffold(...argv: string[]) {
  let out = '';
  let err = '';
  const done = main(argv, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: true,
  }).then((code) => ({ code, out, err }));
  const finishedEarly = done.then(({ code }) => {
    throw new Error(
      `The scaffolder finished (status ${code}) while a question was expected.\n${err}`,
    );
  });

  /** Waits for the next screen, checks it shows `text`, then gives `keys` (text is typed). */
  const at = async (text: string, ...keys: Array<string | Key>) => {
    await Promise.race([screen.next(), finishedEarly]);
    expect(screen.getScreen()).toContain(text);
    for (const key of keys) {
      if (typeof key === 'string') screen.type(key);
      else screen.keypress(key);
    }
  };
  return {
    at,
    /** Like `at`, then presses enter: an answer given. */
    answer: (text: string, ...keys: Array<string | Key>) => at(text, ...keys, ENTER),
    done,
  };
}

let root: string;
let cwd: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'prompts-'));
  cwd = process.cwd();
  process.chdir(root);
  // The default region, whatever the machine's environment says.
  vi.stubEnv('AWS_REGION', 'eu-central-1');
  vi.stubEnv('AWS_DEFAULT_REGION', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(root, 'no-aws-config'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  process.chdir(cwd);
  rmSync(root, { recursive: true, force: true });
});

/** The agents.json in `folder`, after checking that folder is all there is in the root. */
function writtenTo(folder: string) {
  expect(readdirSync(root)).toEqual([folder]);
  return JSON.parse(readFileSync(join(root, folder, 'agents.json'), 'utf8'));
}

/** The agents of an agents.json as `[name, role, protocol]`. */
const roster = (system: { agents: Array<{ name: string; role: string; protocol?: string }> }) =>
  system.agents.map((a) => [a.name, a.role, a.protocol]);

describe('create-agentcore-multiagent at a terminal', () => {
  it('takes every default with enter alone', async () => {
    const run = scaffold('--no-install');
    await run.answer('? Project name (my-agents)');
    await run.answer('? Orchestrator agent name (orchestrator)');
    await run.answer('? Specialist name (researcher)');
    await run.answer('? What does researcher do?');
    await run.answer('? Another specialist name (leave empty when done)');
    await run.answer('? How do callers reach researcher?');
    await run.answer('? AWS region (eu-central-1)');
    await run.answer('? Network mode');
    await run.answer('? How should agents be packaged?');
    await run.answer('? Give the agents memory');
    const { code, out, err } = await run.done;

    expect([code, err]).toEqual([0, '']);
    expect(out).toContain('Created my-agents in ./my-agents: 2 agents, 1 delegation.');
    expect(out).toContain('  cd ./my-agents\n  npm install\n');
    expect(writtenTo('my-agents')).toEqual({
      name: 'my-agents',
      region: 'eu-central-1',
      network: { mode: 'PUBLIC' },
      buildMode: 'container',
      agents: [
        {
          name: 'orchestrator',
          role: 'orchestrator',
          description:
            'Answers user requests; delegates to the specialists what needs their expertise.',
        },
        {
          name: 'researcher',
          role: 'specialist',
          description: 'Researches a topic in depth and reports the key facts with their sources.',
        },
      ],
    });
  });

  it('puts the project in a folder of the name typed, and corrects bad names inline', async () => {
    const run = scaffold('--no-install');
    await run.answer('? Project name (my-agents)', 'My Garden');
    await run.answer('(got "My Garden"). Fix: use "my-garden"', CLEAR, 'garden');
    await run.answer('? Orchestrator agent name (orchestrator)', 'lead');
    await run.answer('? Specialist name (researcher)', 'web-search');
    await run.answer('(got "web-search"). Fix: use "web_search"', CLEAR, 'web_search');
    await run.answer('? What does web_search do?', 'Searches the web and cites its sources.');
    await run.answer('? Another specialist name (leave empty when done)', 'critic');
    await run.answer('? What does critic do?');
    await run.answer('? Another specialist name (leave empty when done)', 'summarizer');
    await run.answer('? What does summarizer do?', 'Summarizes long texts.');
    await run.answer('? Another specialist name (leave empty when done)');
    for (const name of ['web_search', 'critic', 'summarizer']) {
      await run.answer(`? How do callers reach ${name}?`);
    }
    await run.answer('? AWS region (eu-central-1)', 'eu-west-1');
    await run.answer('? Network mode');
    await run.answer('? How should agents be packaged?');
    await run.answer('? Give the agents memory');
    const { code, out } = await run.done;

    expect(code).toBe(0);
    expect(out).toContain('Created garden in ./garden: 4 agents, 3 delegations.');
    expect(out).toContain('  cd ./garden\n');
    const system = writtenTo('garden');
    expect(system).toMatchObject({ name: 'garden', region: 'eu-west-1' });
    expect(roster(system)).toEqual([
      ['lead', 'orchestrator', undefined],
      ['web_search', 'specialist', undefined],
      ['critic', 'specialist', undefined],
      ['summarizer', 'specialist', undefined],
    ]);
    expect(system.agents.map((a: { description: string }) => a.description).slice(1)).toEqual([
      'Searches the web and cites its sources.',
      'Specialist for critic requests: answers questions and does tasks about critic.',
      'Summarizes long texts.',
    ]);
  });

  it('makes the one specialist chosen for it speak A2A', async () => {
    const run = scaffold(
      'reach',
      '--no-install',
      '--specialist',
      'researcher',
      '--specialist',
      'writer',
    );
    await run.answer('? Project name (reach)');
    await run.answer('? Orchestrator agent name (orchestrator)');
    await run.answer('? How do callers reach researcher?');
    await run.answer('? How do callers reach writer?', DOWN);
    await run.answer('? AWS region');
    await run.answer('? Network mode');
    await run.answer('? How should agents be packaged?');
    await run.answer('? Give the agents memory');
    expect((await run.done).code).toBe(0);

    expect(roster(writtenTo('reach'))).toEqual([
      ['orchestrator', 'orchestrator', undefined],
      ['researcher', 'specialist', undefined],
      ['writer', 'specialist', 'A2A'],
    ]);
  });

  it('runs in a VPC: subnets and security groups, a wrong id corrected inline', async () => {
    const run = scaffold('--no-install', '--name', 'private', '--specialist', 'researcher');
    await run.answer('? Orchestrator agent name (orchestrator)');
    await run.answer('? How do callers reach researcher?');
    await run.answer('? AWS region');
    await run.answer('? Network mode', DOWN);
    await run.answer('? Subnet ids (comma-separated)', 'subnet-0abc1234def567890, subnet-nope');
    await run.answer(
      'is not a subnet id (got "subnet-nope")',
      CLEAR,
      'subnet-0abc1234def567890, subnet-0123456789abcdef0',
    );
    await run.answer('? Security group ids (comma-separated)', 'sg-0abc1234def567890');
    await run.answer('? How should agents be packaged?');
    await run.answer('? Give the agents memory');
    expect((await run.done).code).toBe(0);

    expect(writtenTo('private').network).toEqual({
      mode: 'VPC',
      subnetIds: ['subnet-0abc1234def567890', 'subnet-0123456789abcdef0'],
      securityGroupIds: ['sg-0abc1234def567890'],
    });
  });

  it('packages agents as code when chosen, asking only what the flags leave open', async () => {
    const run = scaffold('--no-install', '--name', 'zipped', '--specialist', 'researcher');
    await run.answer('? Orchestrator agent name (orchestrator)');
    await run.answer('? How do callers reach researcher?');
    await run.answer('? AWS region');
    await run.answer('? Network mode');
    await run.answer('? How should agents be packaged?', DOWN);
    await run.answer('? Give the agents memory');
    expect((await run.done).code).toBe(0);

    expect(writtenTo('zipped')).toMatchObject({ name: 'zipped', buildMode: 'code' });
  });

  it('gives the agents memory and the long-term strategies ticked', async () => {
    const run = scaffold('--no-install', '--name', 'recall', '--specialist', 'researcher');
    await run.answer('? Orchestrator agent name (orchestrator)');
    await run.answer('? How do callers reach researcher?');
    await run.answer('? AWS region');
    await run.answer('? Network mode');
    await run.answer('? How should agents be packaged?');
    await run.answer(
      '? Give the agents memory (AgentCore Memory), so conversations outlive their processes? (y/N)',
      'y',
    );
    // Space ticks a strategy; down moves to the next: semantic and userPreference.
    await run.answer(
      '? What should the memory learn about each user across sessions?',
      SPACE,
      DOWN,
      DOWN,
      SPACE,
    );
    expect((await run.done).code).toBe(0);

    expect(writtenTo('recall').memory).toEqual({ longTerm: ['semantic', 'userPreference'] });
  });

  it('asks only for the strategies after --memory', async () => {
    const run = scaffold(...ANSWERED.slice(0, -1), '--no-install', '--name', 'flags', '--memory');
    await run.answer('? What should the memory learn about each user across sessions?');
    expect((await run.done).code).toBe(0);
    expect(writtenTo('flags').memory).toEqual({});
  });

  it('leaves the install to the user when declined', async () => {
    const run = scaffold(...ANSWERED, '--name', 'offline');
    await run.answer('? Install dependencies now? (Y/n)', 'n');
    const { code, out, err } = await run.done;

    expect([code, err]).toEqual([0, '']);
    expect(out).toContain('  cd ./offline\n  npm install\n');
    expect(writtenTo('offline').name).toBe('offline');
    expect(readdirSync(join(root, 'offline'))).not.toContain('node_modules');
  });

  it('stops at Ctrl-C, even at the last question, with nothing written', async () => {
    const run = scaffold(...ANSWERED, '--name', 'dropped');
    await run.at('? Install dependencies now? (Y/n)', CTRL_C);
    expect(await run.done).toEqual({
      code: 130,
      out: '',
      err: 'Cancelled; nothing was written.\n',
    });
    expect(readdirSync(root)).toEqual([]);
  });
});

/** Flags that answer every question but the project name and the install. */
const ANSWERED = [
  '--orchestrator',
  'lead',
  '--specialist',
  'researcher',
  '--a2a',
  '',
  '--region',
  'eu-west-1',
  '--network-mode',
  'PUBLIC',
  '--build',
  'code',
  '--no-memory',
];

describe('the create-agentcore-multiagent command', () => {
  it('stops at Ctrl-C at a terminal with status 130, one line, and nothing written', async () => {
    const bin = cliDir();
    const cli = await buildCli(bin, 'create');
    // `script` runs the command on a pseudo-terminal, so it prompts as it does for a
    // person; what the test writes reaches it as keys, Ctrl-C as the byte a terminal sends.
    const child = spawn('script', ['-qec', 'exec "$NODE" "$CLI"', '/dev/null'], {
      cwd: root,
      env: { ...CLI_ENV, NODE: process.execPath, CLI: cli },
    });
    try {
      let screenText = '';
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      await new Promise<void>((asked, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          screenText += chunk.toString();
          if (screenText.includes('Project name')) asked();
        });
        child.on('error', failed);
        exited.then((code) => failed(new Error(`exited (${code}) before asking:\n${screenText}`)));
      });
      child.stdin.write('\x03');
      const code = await exited;

      const said = stripVTControlCharacters(screenText).replace(/\r/g, '');
      expect(said).not.toContain('Error');
      expect(said.trimEnd().split('\n').at(-1)).toBe('Cancelled; nothing was written.');
      expect(code).toBe(130);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      child.kill();
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
