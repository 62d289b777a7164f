import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentEnv, sharedAgentEnv } from '../../src/dev/agent-env';
import { LOCAL_CREDENTIALS } from '../../src/dev/credentials';
import { localRuntimeArn } from '../../src/dev/local-arn';

/** A home with no ~/.aws, so only the variables given can supply credentials. */
const HOME = mkdtempSync(join(tmpdir(), 'agent-env-home-'));
const PROJECT = '/projects/team';

afterAll(() => rmSync(HOME, { recursive: true, force: true }));

describe('the environment every local agent shares', () => {
  it('answers offline with local credentials when nothing names a provider and AWS has none', () => {
    const shared = sharedAgentEnv({ projectDir: PROJECT, region: 'eu-west-1', env: { HOME } });
    expect(shared.offlineForLackOfCredentials).toBe(true);
    expect(shared.env).toEqual({
      HOME,
      ...LOCAL_CREDENTIALS,
      AWS_REGION: 'eu-west-1',
      AGENT_MODEL_PROVIDER: 'offline',
      NODE_COMPILE_CACHE: join(
        PROJECT,
        'node_modules',
        '.cache',
        'agentcore-multiagent',
        'compile',
      ),
    });
  });

  it('uses Bedrock and the real credentials when AWS has some', () => {
    const shared = sharedAgentEnv({
      projectDir: PROJECT,
      region: 'us-east-1',
      env: { HOME, AWS_PROFILE: 'work', NODE_COMPILE_CACHE: '/cache' },
    });
    expect(shared.offlineForLackOfCredentials).toBe(false);
    expect(shared.env).toEqual({
      HOME,
      AWS_PROFILE: 'work',
      AWS_REGION: 'us-east-1',
      AGENT_MODEL_PROVIDER: 'bedrock',
      NODE_COMPILE_CACHE: '/cache',
    });
  });

  it('prefers the provider asked for, then AGENT_MODEL_PROVIDER, and says no notice is due', () => {
    const env = { HOME, AGENT_MODEL_PROVIDER: 'openai' };
    const fromVariable = sharedAgentEnv({ projectDir: PROJECT, region: 'us-east-1', env });
    expect(fromVariable.env.AGENT_MODEL_PROVIDER).toBe('openai');
    expect(fromVariable.offlineForLackOfCredentials).toBe(false);
    // The SDK still signs its calls to the local endpoint, so local credentials stand in.
    expect(fromVariable.env.AWS_ACCESS_KEY_ID).toBe(LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID);
    const given = sharedAgentEnv({
      projectDir: PROJECT,
      region: 'us-east-1',
      env,
      provider: 'offline',
    });
    expect(given.env.AGENT_MODEL_PROVIDER).toBe('offline');
    expect(given.offlineForLackOfCredentials).toBe(false);
  });

  it('refuses an AGENT_MODEL_PROVIDER that names no provider', () => {
    expect(() =>
      sharedAgentEnv({
        projectDir: PROJECT,
        region: 'us-east-1',
        env: { HOME, AGENT_MODEL_PROVIDER: 'gpt' },
      }),
    ).toThrow(
      'AGENT_MODEL_PROVIDER="gpt" is not a model provider; use one of bedrock, openai, offline',
    );
  });
});

describe('the environment of one local agent', () => {
  const arn = localRuntimeArn('us-east-1', 'team_researcher');
  const researcher = {
    modelId: 'global.anthropic.claude-sonnet-4-6',
    protocol: 'HTTP' as const,
    arn,
    endpointUrl: 'http://127.0.0.1:8787',
    callees: [],
  };

  it('names its model, its callees by their ARNs and the memory it uses', () => {
    const writerArn = localRuntimeArn('us-east-1', 'team_writer');
    const env = agentEnv(
      { AWS_REGION: 'us-east-1' },
      {
        ...researcher,
        callees: [{ envVar: 'WRITER_AGENT_ARN', arn: writerArn }],
        memoryId: 'team_memory-local',
      },
    );
    expect(env).toEqual({
      AWS_REGION: 'us-east-1',
      MODEL_ID: 'global.anthropic.claude-sonnet-4-6',
      WRITER_AGENT_ARN: writerArn,
      BEDROCK_AGENTCORE_MEMORY_ID: 'team_memory-local',
    });
  });

  it('keeps a model id set for every agent', () => {
    expect(agentEnv({ MODEL_ID: 'shared-model' }, researcher).MODEL_ID).toBe('shared-model');
  });

  it('tells an A2A agent the URL of its runtime at the local endpoint', () => {
    const env = agentEnv({}, { ...researcher, protocol: 'A2A' });
    expect(env.AGENTCORE_RUNTIME_URL).toBe(
      `http://127.0.0.1:8787/runtimes/${encodeURIComponent(arn)}/invocations/`,
    );
  });
});
