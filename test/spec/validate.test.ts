import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSystem,
  DEFAULT_MODEL_ID,
  loadSystemFile,
  SpecError,
  type SpecProblem,
  type SystemInput,
  validateSystem,
} from '../../src';
import { MAX_CALLEES } from '../../src/spec/limits';
import { formatProblem } from '../../src/spec/problems';
import { stageNames, stageSpec } from '../../src/spec/stages';

type AgentIn = SystemInput['agents'][number];

const orchestrator = (extra: Partial<AgentIn> = {}): AgentIn => ({
  name: 'boss',
  role: 'orchestrator',
  description: 'Routes requests to the right specialist.',
  ...extra,
});
const specialist = (name: string, extra: Partial<AgentIn> = {}): AgentIn => ({
  name,
  role: 'specialist',
  description: `Does what ${name} does.`,
  ...extra,
});
const system = (agents: AgentIn[], extra: Partial<SystemInput> = {}): SystemInput => ({
  name: 'demo',
  agents,
  ...extra,
});

function problems(input: unknown): SpecProblem[] {
  const result = checkSystem(input);
  expect(result.spec).toBeUndefined();
  return [...result.problems];
}

/** Asserts exactly one problem at `path` whose message and fix contain the given words. */
function expectOnly(input: unknown, path: string, message: string | RegExp, fix: string | RegExp) {
  const found = problems(input);
  expect(found.map((p) => p.path)).toEqual([path]);
  expect(found[0].message).toMatch(message);
  expect(found[0].fix).toMatch(fix);
}

describe('a valid system', () => {
  it('is normalised with every default filled in', () => {
    const spec = validateSystem(
      system([specialist('writer'), orchestrator(), specialist('researcher')]),
    );
    expect(spec.region).toBe('us-east-1');
    expect(spec.network).toEqual({ mode: 'PUBLIC' });
    expect(spec.modelId).toBe(DEFAULT_MODEL_ID);
    expect(spec.agents.map((a) => a.name)).toEqual(['boss', 'writer', 'researcher']);
    const [boss, writer] = spec.agents;
    expect(boss.calls).toEqual(['writer', 'researcher']);
    expect(writer.calls).toEqual([]);
    expect(writer).toMatchObject({
      protocol: 'HTTP',
      buildMode: 'container',
      modelId: DEFAULT_MODEL_ID,
    });
    expect(boss.systemPrompt).toContain('Routes requests');
    expect(boss.systemPrompt).toContain('delegate');
  });

  it('keeps per-agent settings over system defaults', () => {
    const spec = validateSystem(
      system(
        [
          orchestrator(),
          specialist('coder', { modelId: 'us.amazon.nova-pro-v1:0', buildMode: 'code' }),
        ],
        {
          buildMode: 'container',
          modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        },
      ),
    );
    expect(spec.agents[0]).toMatchObject({
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      buildMode: 'container',
    });
    expect(spec.agents[1]).toMatchObject({ modelId: 'us.amazon.nova-pro-v1:0', buildMode: 'code' });
  });

  it('accepts VPC mode with subnets and security groups', () => {
    const network = {
      mode: 'VPC' as const,
      subnetIds: ['subnet-0123456789abcdef0'],
      securityGroupIds: ['sg-0123456789abcdef0'],
    };
    expect(validateSystem(system([orchestrator(), specialist('a')], { network })).network).toEqual(
      network,
    );
  });

  it('warns about a specialist nobody calls, without failing', () => {
    const result = checkSystem(
      system([orchestrator({ calls: ['a'] }), specialist('a'), specialist('lonely')]),
    );
    expect(result.problems).toEqual([]);
    expect(result.spec?.agents.map((a) => a.name)).toEqual(['boss', 'a', 'lonely']);
    expect(result.warnings).toEqual([
      'agent "lonely" is not called by any agent, so nothing can reach it',
    ]);
  });
});

describe('each rule names the field, the value and the fix', () => {
  it('refuses a description that is not an object', () => {
    expectOnly([], '(root)', 'must be a JSON object', '"agents"');
  });

  it('refuses an empty system', () => {
    expectOnly(system([]), 'agents', 'no agents', 'one orchestrator');
  });

  it('refuses a malformed system name and suggests one', () => {
    expectOnly(
      system([orchestrator()], { name: 'My Agents!' }),
      'name',
      'lower-case letter',
      'use "my-agents"',
    );
  });

  it('refuses a malformed region', () => {
    expectOnly(
      system([orchestrator()], { region: 'useast1' }),
      'region',
      'not an AWS region',
      'us-east-1',
    );
  });

  it('refuses an agent name AgentCore would reject and suggests one', () => {
    expectOnly(
      system([orchestrator(), specialist('web-researcher')]),
      'agents[1].name',
      'letters, digits and underscores',
      'use "web_researcher"',
    );
    expectOnly(
      system([orchestrator(), specialist('2fast')]),
      'agents[1].name',
      'start with a letter',
      'use "agent_2fast"',
    );
  });

  it('counts the system prefix the runtime name carries', () => {
    const name = 'a'.repeat(44); // demo_ + 44 = 49 > 48
    expectOnly(
      system([orchestrator(), specialist(name)]),
      'agents[1].name',
      'has 49 characters; AgentCore allows 48',
      'at most 43 characters',
    );
    expect(checkSystem(system([orchestrator(), specialist('a'.repeat(43))])).problems).toEqual([]);
  });

  it('refuses names every object already has, and allows language keywords', () => {
    expectOnly(
      system([orchestrator(), specialist('toString')]),
      'agents[1].name',
      'reserved',
      '"toString_agent"',
    );
    expect(
      checkSystem(system([orchestrator(), specialist('class'), specialist('test')])).problems,
    ).toEqual([]);
    expectOnly(
      system([orchestrator(), specialist('Constructor')]),
      'agents[1].name',
      'reserved',
      'another name',
    );
  });

  it('refuses duplicate names, ignoring case', () => {
    expectOnly(
      system([orchestrator(), specialist('Researcher'), specialist('researcher')]),
      'agents[2].name',
      'duplicates agents[1].name "Researcher"',
      'different name',
    );
  });

  it('refuses two names that derive the same tool, variable, directory or runtime name', () => {
    const found = problems(
      system([orchestrator(), specialist('data_analyst'), specialist('dataAnalyst')]),
    );
    // One clash, one problem, naming every name the two agents share.
    expect(found).toEqual([
      {
        path: 'agents[2].name',
        value: 'dataAnalyst',
        message:
          'derives the same runtime name "demo_data_analyst", tool name "call_data_analyst", environment variable "DATA_ANALYST_AGENT_ARN", directory "agents/data_analyst" and construct id "DataAnalyst" as agents[1] "data_analyst"',
        fix: 'rename one of them so that they differ by more than case or underscores',
      },
    ]);
  });

  it('checks no runtime name while the system name is invalid, and still finds clashes', () => {
    const found = problems({
      ...system([orchestrator(), specialist('data_analyst'), specialist('dataAnalyst')]),
      name: 'Bad Name',
    });
    expect(found.map((p) => p.path)).toEqual(['name', 'agents[2].name']);
    expect(found[1].message).toBe(
      'derives the same tool name "call_data_analyst", environment variable "DATA_ANALYST_AGENT_ARN", directory "agents/data_analyst" and construct id "DataAnalyst" as agents[1] "data_analyst"',
    );
    expectOnly(
      system([orchestrator(), specialist('a'.repeat(60))], { name: 'Bad Name' }),
      'name',
      'lower-case letter',
      'use "bad-name"',
    );
  });

  it('refuses a system without an orchestrator', () => {
    expectOnly(
      system([specialist('a'), specialist('b')]),
      'agents',
      'no orchestrator',
      '"role": "orchestrator"',
    );
  });

  it('does not say there is no orchestrator while an agent’s role cannot be read', () => {
    expectOnly(
      system([specialist('a'), { ...specialist('b'), role: 'boss' as never }]),
      'agents[1].role',
      'allowed values',
      '"orchestrator", "specialist"',
    );
  });

  it('refuses a second orchestrator', () => {
    expectOnly(
      system([orchestrator(), orchestrator({ name: 'other' })]),
      'agents[1].role',
      '"boss" already is one',
      '"specialist"',
    );
  });

  it('refuses a call to an unknown agent and suggests the closest name', () => {
    expectOnly(
      system([orchestrator({ calls: ['reseacher'] }), specialist('researcher')]),
      'agents[0].calls[0]',
      'names no agent',
      'did you mean "researcher"?',
    );
    expectOnly(
      system([orchestrator({ calls: ['zzz'] }), specialist('researcher')]),
      'agents[0].calls[0]',
      'names no agent',
      'use one of "boss", "researcher"',
    );
  });

  it('refuses a call to itself', () => {
    expectOnly(
      system([orchestrator(), specialist('a', { calls: ['a'] })]),
      'agents[1].calls[0]',
      'cannot call itself',
      'remove it',
    );
  });

  it('refuses a call to the orchestrator', () => {
    expectOnly(
      system([orchestrator({ calls: ['a'] }), specialist('a', { calls: ['boss'] })]),
      'agents[1].calls[0]',
      'entry point',
      'remove it',
    );
  });

  it('refuses a callee listed twice', () => {
    expectOnly(
      system([orchestrator({ calls: ['a', 'a'] }), specialist('a')]),
      'agents[0].calls[1]',
      'listed twice',
      'once',
    );
  });

  it('refuses a cycle and prints its path', () => {
    const input = system([
      orchestrator({ calls: ['a'] }),
      specialist('a', { calls: ['b'] }),
      specialist('b', { calls: ['c'] }),
      specialist('c', { calls: ['a'] }),
    ]);
    expectOnly(
      input,
      'agents[1].calls',
      'a \u2192 b \u2192 c \u2192 a',
      'remove one of these calls',
    );
  });

  it('refuses more callees than the environment variables allow', () => {
    const many = Array.from({ length: MAX_CALLEES + 1 }, (_, i) => specialist(`s${i}`));
    expectOnly(
      system([orchestrator(), ...many]),
      'agents[0].calls',
      `room for ${MAX_CALLEES}`,
      'sub-orchestrator',
    );
    expect(checkSystem(system([orchestrator(), ...many.slice(1)])).problems).toEqual([]);
  });

  it('refuses a description that is empty or over 1200 characters', () => {
    expectOnly(
      system([orchestrator(), specialist('a', { description: '  ' })]),
      'agents[1].description',
      'needs a description',
      'say in a sentence',
    );
    expectOnly(
      system([orchestrator(), specialist('a', { description: 'x'.repeat(1201) })]),
      'agents[1].description',
      '1201 characters; at most 1200',
      'systemPrompt',
    );
  });

  it('refuses hidden characters in free text, naming each, and keeps tabs and line breaks', () => {
    const text = (hidden: string) => `Reviews drafts.${hidden} Then reports.`;
    const found = problems(
      system([
        orchestrator({ description: text('\u0000') }),
        specialist('a', { description: text('\r\n') }),
        specialist('b', { description: text('\u202e') }),
        specialist('c', { systemPrompt: text('\u2066') }),
        specialist('d', { description: text('\u001b[2J') }),
      ]),
    );
    expect(found.map(formatProblem)).toEqual([
      'agents[0].description: holds U+0000 (a control character) at character 16; the text is written into generated source files, where it would be hidden or change how the code reads (got "Reviews drafts.\\u0000 Then reports."). Fix: remove it',
      'agents[1].description: holds U+000D (a carriage return) at character 16; the text is written into generated source files, where it would be hidden or change how the code reads (got "Reviews drafts.\\r\\n Then reports."). Fix: end lines with "\\n" alone',
      'agents[2].description: holds U+202E (a bidirectional-text control) at character 16; the text is written into generated source files, where it would be hidden or change how the code reads (got "Reviews drafts.\\u202e Then reports."). Fix: remove it',
      'agents[3].systemPrompt: holds U+2066 (a bidirectional-text control) at character 16; the text is written into generated source files, where it would be hidden or change how the code reads (got "Reviews drafts.\\u2066 Then reports."). Fix: remove it',
      'agents[4].description: holds U+001B (a control character) at character 16; the text is written into generated source files, where it would be hidden or change how the code reads (got "Reviews drafts.\\u001b[2J Then reports."). Fix: remove it',
    ]);
    const kept = validateSystem(
      system([
        orchestrator({
          description: 'Routes.\tFirst line.\nSecond line, \u00e9 \u05d0 \ud83d\ude80.',
        }),
      ]),
    );
    expect(kept.agents[0].description).toBe(
      'Routes.\tFirst line.\nSecond line, \u00e9 \u05d0 \ud83d\ude80.',
    );
  });

  it('refuses VPC mode without subnets or security groups', () => {
    const found = problems(system([orchestrator()], { network: { mode: 'VPC' } }));
    expect(found.map((p) => [p.path, p.message])).toEqual([
      ['network.subnetIds', 'VPC mode needs at least one subnet'],
      ['network.securityGroupIds', 'VPC mode needs at least one security group'],
    ]);
  });

  it('refuses malformed subnet and security group ids', () => {
    const network = {
      mode: 'VPC' as const,
      subnetIds: ['subnet-xyz'],
      securityGroupIds: ['sg-0123456789abcdef0'],
    };
    expectOnly(
      system([orchestrator()], { network }),
      'network.subnetIds[0]',
      'not a subnet id',
      'subnet-0abc',
    );
  });

  it('refuses subnets in PUBLIC mode', () => {
    const network = { mode: 'PUBLIC' as const, subnetIds: ['subnet-0123456789abcdef0'] };
    expectOnly(
      system([orchestrator()], { network }),
      'network',
      'only in VPC mode',
      '"mode": "VPC"',
    );
  });

  it('refuses a value outside an enum and lists the allowed ones', () => {
    expectOnly(
      system([orchestrator(), { ...specialist('a'), role: 'worker' as never }]),
      'agents[1].role',
      'allowed values',
      '"orchestrator", "specialist"',
    );
  });

  it('accepts A2A agents beside HTTP ones, and refuses any other protocol with both named', () => {
    const spec = validateSystem(
      system([
        orchestrator({ calls: ['a', 'b'] }),
        specialist('a', { protocol: 'A2A' }),
        specialist('b'),
      ]),
    );
    expect(spec.agents.map((a) => [a.name, a.protocol])).toEqual([
      ['boss', 'HTTP'],
      ['a', 'A2A'],
      ['b', 'HTTP'],
    ]);
    expectOnly(
      system([orchestrator(), specialist('a', { protocol: 'MCP' as never })]),
      'agents[1].protocol',
      'allowed values',
      '"HTTP", "A2A"',
    );
  });

  it('refuses a malformed model id', () => {
    expectOnly(
      system([orchestrator()], { modelId: 'claude sonnet' }),
      'modelId',
      'not a Bedrock model id',
      DEFAULT_MODEL_ID,
    );
  });

  it('refuses unknown fields and guesses the intended one', () => {
    expectOnly(
      system([orchestrator(), { ...specialist('a'), call: ['x'] } as AgentIn]),
      'agents[1].call',
      'not a known field',
      'did you mean "calls"?',
    );
  });

  it('reports every problem at once', () => {
    const found = problems({
      name: 'Bad Name',
      region: 'nowhere',
      agents: [
        orchestrator({ calls: ['ghost', 'boss'] }),
        specialist('web-researcher', { description: '' }),
      ],
    });
    expect(found.map((p) => p.path)).toEqual([
      'name',
      'region',
      'agents[1].name',
      'agents[1].description',
      'agents[0].calls[0]',
      'agents[0].calls[1]',
    ]);
  });
});

describe('SpecError', () => {
  it('lists every problem with its fix', () => {
    try {
      validateSystem(system([specialist('a')], { name: 'X' }), 'agents.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      const e = error as SpecError;
      expect(e.problems).toHaveLength(2);
      expect(e.message).toBe(
        `The agent system in agents.json has 2 problems:\n${e.problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
      );
      expect(e.message).toContain('name: a system name must start');
      expect(e.message).toContain('(got "X"). Fix: use "x"');
    }
  });
});

describe('loadSystemFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-'));

  it('reads and validates a file', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(system([orchestrator(), specialist('a')])));
    expect(loadSystemFile(file).agents).toHaveLength(2);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(system([orchestrator(), specialist('a')]))}`);
    expect(loadSystemFile(file).agents).toHaveLength(2);
  });

  it('names the file and the JSON error', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": "demo",');
    expect(() => loadSystemFile(file)).toThrow(
      /broken\.json has 1 problem:\n {2}- \(file\): is not valid JSON/,
    );
  });

  it('names a missing file', () => {
    expect(() => loadSystemFile(join(dir, 'missing.json'))).toThrow(
      /cannot be read: ENOENT.*Fix: check the path/,
    );
  });
});

describe('memory', () => {
  it('is off by default, and every agent uses it once the system has it', () => {
    const none = validateSystem(system([orchestrator(), specialist('a')]));
    expect(none.memory).toBeUndefined();
    expect(none.agents.map((a) => a.memory)).toEqual([false, false]);

    const spec = validateSystem(
      system([orchestrator(), specialist('a'), specialist('b', { memory: false })], {
        memory: {},
      }),
    );
    expect(spec.memory).toEqual({ expiryDays: 30, longTerm: [] });
    expect(spec.agents.map((a) => [a.name, a.memory])).toEqual([
      ['boss', true],
      ['a', true],
      ['b', false],
    ]);
    expect(
      validateSystem(
        system([orchestrator()], {
          memory: { expiryDays: 365, longTerm: ['semantic', 'summary', 'userPreference'] },
        }),
      ).memory,
    ).toEqual({ expiryDays: 365, longTerm: ['semantic', 'summary', 'userPreference'] });
  });

  it('refuses a strategy AgentCore does not have, and guesses the intended one', () => {
    expectOnly(
      system([orchestrator()], { memory: { longTerm: ['semantics'] } }),
      'memory.longTerm[0]',
      'built-in long-term strategies',
      'did you mean "semantic"?',
    );
    expectOnly(
      system([orchestrator()], { memory: { longTerm: ['episodes'] } }),
      'memory.longTerm[0]',
      'built-in long-term strategies',
      'use "semantic", "summary", "userPreference"',
    );
    expectOnly(
      system([orchestrator()], { memory: { longTerm: ['summary', 'summary'] } }),
      'memory.longTerm[1]',
      'is listed twice',
      'once',
    );
    expectOnly(
      system([orchestrator()], { memory: { longTerm: 'semantic' } as never }),
      'memory.longTerm',
      'lists long-term strategies',
      'use a list such as ["semantic"]',
    );
  });

  it('refuses an expiry outside AgentCore’s 7 to 365 days', () => {
    for (const expiryDays of [6, 366, 30.5, '30']) {
      expectOnly(
        system([orchestrator()], { memory: { expiryDays } as never }),
        'memory.expiryDays',
        '7 to 365 days',
        'whole number of days from 7 to 365',
      );
    }
    for (const expiryDays of [7, 365]) {
      expect(
        validateSystem(system([orchestrator()], { memory: { expiryDays } })).memory?.expiryDays,
      ).toBe(expiryDays);
    }
  });

  it('refuses memory that is not an object, and unknown memory fields', () => {
    expectOnly(
      system([orchestrator()], { memory: true as never }),
      'memory',
      'described by an object',
      'use {} for conversations only',
    );
    expectOnly(
      system([orchestrator()], { memory: { expiryDay: 30 } as never }),
      'memory.expiryDay',
      'is not a known field',
      'did you mean "expiryDays"?',
    );
  });

  it('refuses an agent that asks for memory its system does not have', () => {
    expectOnly(
      system([orchestrator(), specialist('a', { memory: true })]),
      'agents[1].memory',
      'the system has no memory for this agent to use',
      '"memory": {} at the top of agents.json',
    );
  });

  it('reads its own normalised spec back unchanged, with memory or without', () => {
    const inputs = [
      system([orchestrator(), specialist('a')]),
      system([orchestrator(), specialist('a', { memory: false })], {
        memory: { longTerm: ['summary'] },
      }),
    ];
    for (const input of inputs) {
      const spec = validateSystem(input);
      expect(validateSystem(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    }
  });

  it('leaves one callee fewer to an agent that carries the memory id', () => {
    const room = MAX_CALLEES - 1;
    const many = Array.from({ length: room + 1 }, (_, i) => specialist(`s${i}`));
    expectOnly(
      system([orchestrator(), ...many], { memory: {} }),
      'agents[0].calls',
      `room for ${room} beside its own (the model id and the memory id)`,
      'opt it out of memory',
    );
    expect(checkSystem(system([orchestrator(), ...many], { memory: {} })).spec).toBeUndefined();
    expect(
      checkSystem(system([orchestrator(), ...many.slice(1)], { memory: {} })).spec,
    ).toBeDefined();
    // Without memory, or opted out, the same agent has room for one more.
    expect(checkSystem(system([orchestrator(), ...many])).spec).toBeDefined();
    expect(
      checkSystem(system([orchestrator({ memory: false }), ...many], { memory: {} })).spec,
    ).toBeDefined();
  });

  it('warns when every agent opts out of the system’s memory', () => {
    const result = checkSystem(system([orchestrator({ memory: false })], { memory: {} }));
    expect(result.spec).toBeDefined();
    expect(result.warnings).toEqual([expect.stringContaining('every agent opts out')]);
  });
});

describe('stages', () => {
  const team = () => [
    orchestrator(),
    specialist('coder', { modelId: 'us.amazon.nova-pro-v1:0' }),
    specialist('writer'),
  ];
  const staged = (stages: unknown, extra: Partial<SystemInput> = {}) =>
    ({
      ...system(team(), { modelId: 'global.anthropic.claude-haiku-4-5', ...extra }),
      stages,
    }) as SystemInput;

  it('are absent unless described: the spec is exactly what it was without them', () => {
    const spec = validateSystem(system(team()));
    expect(spec).not.toHaveProperty('stages');
    expect(stageNames(spec)).toEqual([]);
    expect(() => stageSpec(spec, 'prod')).toThrow(
      'System "demo" has no stages, so no stage "prod"; describe stages in agents.json ("stages": {"prod": {}}) to deploy it more than once',
    );
  });

  it('resolve every setting: the stage’s own, else the system’s; models agent first', () => {
    const spec = validateSystem(
      staged(
        {
          dev: {},
          prod: {
            region: 'eu-west-1',
            account: '123456789012',
            modelId: 'eu.anthropic.claude-sonnet-4-6',
            network: {
              mode: 'VPC',
              subnetIds: ['subnet-0abc1234'],
              securityGroupIds: ['sg-0abc1234'],
            },
            agents: { writer: { modelId: 'eu.amazon.nova-lite-v1:0' } },
          },
        },
        { region: 'us-west-2' },
      ),
    );
    expect(stageNames(spec)).toEqual(['dev', 'prod']);
    expect(spec.stages?.dev).toEqual({
      region: 'us-west-2',
      network: { mode: 'PUBLIC' },
      modelId: 'global.anthropic.claude-haiku-4-5',
      agents: {
        boss: { modelId: 'global.anthropic.claude-haiku-4-5' },
        coder: { modelId: 'us.amazon.nova-pro-v1:0' },
        writer: { modelId: 'global.anthropic.claude-haiku-4-5' },
      },
    });
    const prod = stageSpec(spec, 'prod');
    expect(prod).toMatchObject({
      name: 'demo',
      stage: 'prod',
      region: 'eu-west-1',
      account: '123456789012',
      modelId: 'eu.anthropic.claude-sonnet-4-6',
      network: { mode: 'VPC', subnetIds: ['subnet-0abc1234'], securityGroupIds: ['sg-0abc1234'] },
    });
    // The stage's entry for an agent, else the agent's own model, else the stage's.
    expect(Object.fromEntries(prod.agents.map((a) => [a.name, a.modelId]))).toEqual({
      boss: 'eu.anthropic.claude-sonnet-4-6',
      coder: 'us.amazon.nova-pro-v1:0',
      writer: 'eu.amazon.nova-lite-v1:0',
    });
    // Only Region, account, network and models differ between stages.
    const { stage: _stage, account: _account, agents, ...rest } = prod;
    const { agents: _agents, ...system } = spec;
    expect(rest).toEqual({
      ...system,
      region: rest.region,
      modelId: rest.modelId,
      network: rest.network,
    });
    expect(agents.map(({ modelId: _m, ...a }) => a)).toEqual(
      spec.agents.map(({ modelId: _m, ...a }) => a),
    );
    expect(stageSpec(spec, 'dev')).not.toHaveProperty('account');
    expect(() => stageSpec(spec, 'prd')).toThrow(
      'System "demo" has no stage "prd"; did you mean "prod"? Its stages are dev, prod',
    );
  });

  it('read their own normalised spec back unchanged', () => {
    const spec = validateSystem(
      staged({ dev: {}, prod: { account: '123456789012', agents: { coder: { modelId: 'x.y' } } } }),
    );
    expect(validateSystem(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('refuses stages that are not an object of stages', () => {
    expectOnly(staged(['dev']), 'stages', 'one field per stage', '{"dev": {}, "prod"');
    expectOnly(staged({}), 'stages', 'names no stage', 'remove "stages"');
    expectOnly(
      staged({ dev: 'eu-west-1' }),
      'stages.dev',
      'a stage is described by an object',
      'use {}',
    );
  });

  it('refuses a stage name that is no short lower-case word, and suggests one', () => {
    expectOnly(staged({ 'Pre-Prod': {} }), 'stages.Pre-Prod', 'lower-case letter', 'use "preprod"');
    expectOnly(staged({ '1st': {} }), 'stages.1st', 'lower-case letters and digits', 'use "st"');
    expectOnly(
      staged({ development: {} }),
      'stages.development',
      'at most 10 characters',
      'use "developmen"',
    );
    expect(checkSystem(staged({ production: {}, qa2: {} })).problems).toEqual([]);
  });

  it('refuses each setting a stage gets wrong, with the system’s rule and its place', () => {
    expectOnly(
      staged({ prod: { regoin: 'eu-west-1' } }),
      'stages.prod.regoin',
      'not a known field',
      'did you mean "region"?',
    );
    expectOnly(
      staged({ prod: { region: 'europe' } }),
      'stages.prod.region',
      'not an AWS region',
      '"eu-west-1"',
    );
    expectOnly(
      staged({ prod: { modelId: 'bad model' } }),
      'stages.prod.modelId',
      'not a Bedrock model id',
      'use an id such as',
    );
    expectOnly(
      staged({ prod: { network: { mode: 'VPC', subnetIds: ['subnet-0abc1234'] } } }),
      'stages.prod.network.securityGroupIds',
      'VPC mode needs at least one security group',
      'sg-',
    );
    expectOnly(
      staged({ prod: { network: { mode: 'PRIVATE' } } }),
      'stages.prod.network.mode',
      'not one of the allowed values',
      '"VPC"',
    );
  });

  it('refuses an account that is not 12 digits written as a string', () => {
    expectOnly(
      staged({ prod: { account: '12345' } }),
      'stages.prod.account',
      'not an AWS account id',
      'e.g. "123456789012"',
    );
    expectOnly(
      staged({ prod: { account: 123456789012 } }),
      'stages.prod.account',
      'not an AWS account id',
      'write it as a string: "123456789012"',
    );
  });

  it('refuses what a stage sets for an agent that does not exist, or sets wrong', () => {
    expectOnly(
      staged({ prod: { agents: { wrter: { modelId: 'x.y' } } } }),
      'stages.prod.agents.wrter',
      'names no agent of this system',
      'did you mean "writer"?',
    );
    expectOnly(
      staged({ prod: { agents: { zzz: {} } } }),
      'stages.prod.agents.zzz',
      'names no agent',
      'use one of "boss", "coder", "writer"',
    );
    expectOnly(
      staged({ prod: { agents: ['writer'] } }),
      'stages.prod.agents',
      'one field per agent',
      '{"boss": {"modelId"',
    );
    expectOnly(
      staged({ prod: { agents: { writer: 'x.y' } } }),
      'stages.prod.agents.writer',
      'described by an object',
      'use {"modelId"',
    );
    expectOnly(
      staged({ prod: { agents: { writer: { modelid: 'x.y' } } } }),
      'stages.prod.agents.writer.modelid',
      'not a known field',
      'did you mean "modelId"?',
    );
    expectOnly(
      staged({ prod: { agents: { writer: { modelId: '' } } } }),
      'stages.prod.agents.writer.modelId',
      'not a Bedrock model id',
      'use an id',
    );
  });

  it('count the longest stage in every runtime name', () => {
    const name = 'a'.repeat(32); // demo_ + staging_ + 32 = 45; demo_ + production_ + 32 = 48
    expect(checkSystem(staged({ dev: {}, production: {} }, {})).problems).toEqual([]);
    expect(
      checkSystem({
        ...system([orchestrator(), specialist(name)]),
        stages: { dev: {}, production: {} },
      }).problems,
    ).toEqual([]);
    expectOnly(
      { ...system([orchestrator(), specialist(`${name}b`)]), stages: { dev: {}, production: {} } },
      'agents[1].name',
      /in stage "production" "demo_production_a+b" has 49 characters; AgentCore allows 48/,
      'at most 32 characters, or the stage or system name',
    );
  });

  it('are reported with every other problem at once', () => {
    const found = problems({ ...staged({ Prod: { region: 'x' } }), name: 'Demo' });
    expect(found.map((p) => p.path)).toEqual(['name', 'stages.Prod', 'stages.Prod.region']);
  });
});
