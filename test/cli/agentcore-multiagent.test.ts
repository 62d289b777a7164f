import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_ENV } from './cli-process';

// Every task of a generated project starts this command (dev, invoke, add-agent, deploy),
// so what it loads before doing anything is paid on each. Strands and its model clients
// belong to the agents' processes: loading them here cost half a second and 30 MB.

describe('the project command', () => {
  let dir: string;
  let cli: string;
  let hook: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-load-'));
    cli = await buildCli(dir);
    hook = join(dir, 'loaded.cjs');
    // Prints, as the process exits, every module Node loaded through require.
    writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n",
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts without loading Strands, a model client or the OpenAI SDK', () => {
    const run = spawnSync(process.execPath, ['--require', hook, cli, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, ...CLI_ENV },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('agentcore-multiagent dev');
    const loaded: string[] = JSON.parse(/LOADED (.*)/.exec(run.stderr)?.[1] ?? '[]');
    // The command itself, and the packages it does need, were loaded and seen.
    expect(loaded.some((path) => path.includes('/node_modules/zod/'))).toBe(true);
    expect(
      loaded.filter((path) =>
        /node_modules\/(@strands-agents\/sdk|@aws-sdk\/client-bedrock-runtime|openai)\//.test(path),
      ),
    ).toEqual([]);
  });
});
