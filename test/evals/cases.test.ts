import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  callPaths,
  checkRoutingCases,
  loadRoutingCases,
  routingCasesSchema,
} from '../../src/evals/cases';
import { starterCase, starterCases, starterCasesJson } from '../../src/evals/starter';
import { AgentGraph } from '../../src/graph/agent-graph';
import { formatProblem } from '../../src/spec/problems';
import { validateSystem } from '../../src/spec/validate';
import { TEAM } from './fixtures';

const problems = (input: unknown) => checkRoutingCases(input, TEAM).problems.map(formatProblem);

describe('checking routing cases', () => {
  it('accepts a valid file and names unnamed cases by number and prompt', () => {
    const check = checkRoutingCases(
      {
        $schema: '../node_modules/x.json',
        cases: [
          { name: 'research', prompt: 'Research bees', expect: { delegates: ['researcher'] } },
          {
            prompt: '  Find   the archived study on bees, which is a long prompt indeed',
            expect: { delegates: ['archivist'], notDelegates: ['writer'], maxMs: 500 },
          },
          { prompt: 'Hi', expect: { answerIncludes: ['hello'] } },
        ],
      },
      TEAM,
    );
    expect(check.problems).toEqual([]);
    expect(check.cases?.map((c) => c.name)).toEqual([
      'research',
      '#2 Find the archived study on bees, which…',
      '#3 Hi',
    ]);
    expect(check.cases?.[1].expect).toEqual({
      delegates: ['archivist'],
      notDelegates: ['writer'],
      maxMs: 500,
    });
  });

  it('reports every problem at once, each with path, value and fix', () => {
    expect(
      problems({
        cases: [
          { prompt: '  ', expect: { delegates: ['reseacher'] } },
          { prompt: 'x', expect: { notDelegates: ['writr'], delegate: ['writer'] } },
          { prompt: 'y', expect: { delegates: ['hermit', 'orchestrator', 'nobody'] } },
          { prompt: 'z', expect: {} },
          { name: 'twice', prompt: 'a', expect: { delegates: ['writer'] } },
          {
            name: 'twice',
            prompt: 'b',
            expect: { notDelegates: ['writer'], delegates: ['writer'] },
          },
          { prompt: 'c', expect: { answerIncludes: 'sources', maxMs: -1 } },
          { prompt: 'd' },
        ],
      }),
    ).toEqual([
      'cases[0].prompt: the prompt is empty (got "  "). Fix: write the request the orchestrator should get, e.g. "Research the tallest mountains"',
      'cases[0].expect.delegates[0]: names no agent of this system (got "reseacher"). Fix: did you mean "researcher"?',
      'cases[1].expect.delegate: is not a known field (got ["writer"]). Fix: did you mean "delegates"?',
      'cases[1].expect.notDelegates[0]: names no agent of this system (got "writr"). Fix: did you mean "writer"?',
      'cases[2].expect.delegates[0]: orchestrator cannot reach it: no chain of calls in agents.json leads there (got "hermit"). Fix: let an agent on the way call it ("npx projen add-agent" with --called-by, or "calls" in agents.json), or remove it here',
      'cases[2].expect.delegates[1]: is the orchestrator, which every case is sent to, not an agent it delegates to (got "orchestrator"). Fix: name the agents it should call (researcher, writer, archivist, hermit), or remove it',
      'cases[2].expect.delegates[2]: names no agent of this system (got "nobody"). Fix: use one of researcher, writer, archivist, hermit',
      'cases[3].expect: checks nothing (got {}). Fix: give at least one of "delegates", "notDelegates", "answerIncludes", "maxMs"',
      'cases[5].expect.notDelegates[0]: is also in "delegates" (got "writer"). Fix: keep it in one of the two lists',
      'cases[6].expect.answerIncludes: must be a non-empty list of texts (got "sources"). Fix: put it in a list: ["sources"]',
      'cases[6].expect.maxMs: must be a positive number of milliseconds (got -1). Fix: give e.g. 5000, or leave it out',
      'cases[7].expect: every case needs an object saying what must happen (got nothing). Fix: give e.g. {"delegates": ["researcher"]}, with any of "delegates", "notDelegates", "answerIncludes", "maxMs"',
    ]);
  });

  it('refuses duplicate names, a bare list, unknown top-level fields and no cases', () => {
    expect(
      problems({
        cases: [
          { name: 'same', prompt: 'a', expect: { delegates: ['writer'] } },
          { name: 'same', prompt: 'b', expect: { delegates: ['writer'] } },
        ],
      }),
    ).toEqual([
      'cases[1].name: cases[0] has the same name (got "same"). Fix: give each case its own name',
    ]);
    expect(problems([{ prompt: 'a', expect: { delegates: ['writer'] } }])).toEqual([
      expect.stringContaining('(root): the file must be an object holding a "cases" list'),
    ]);
    expect(problems({ case: [] })).toEqual([
      'case: is not a known field (got []). Fix: did you mean "cases"?',
      expect.stringMatching(/^cases: must be a list of at least one case \(got nothing\)/),
    ]);
    expect(problems({ cases: [] })[0]).toMatch(/^cases: must be a list of at least one case/);
  });

  it('refuses a name that would garble a terminal or a report', () => {
    expect(
      problems({
        cases: [{ name: 'a\u001b[2Jb', prompt: 'p', expect: { delegates: ['writer'] } }],
      }),
    ).toEqual([expect.stringContaining('cases[0].name: holds U+001B (a control character)')]);
  });

  it('reads a file: bad JSON with its line and column, a missing file with the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evals-'));
    const path = join(dir, 'routing.json');
    writeFileSync(path, '{\n  "cases": [\n    { "prompt": "a" "expect": {} }\n  ]\n}\n');
    expect(() => loadRoutingCases(path, TEAM, 'evals/routing.json')).toThrow(
      'The eval cases in evals/routing.json have 1 problem:\n  - (line 3, column 21): is not valid JSON: Expected \',\' or \'}\' after property value (got "{ \\"prompt\\": \\"a\\" \\"expect\\": {} }"). Fix: correct the JSON syntax there',
    );
    writeFileSync(path, '{"cases": [');
    expect(() => loadRoutingCases(path, TEAM)).toThrow(/\(line 1, column 12\): is not valid JSON/);
    expect(() => loadRoutingCases(join(dir, 'none.json'), TEAM, 'none.json')).toThrow(
      /none.json have 1 problem:\n {2}- \(file\): does not exist \(got "none.json"\). Fix: write one/,
    );
    writeFileSync(
      path,
      `\uFEFF${JSON.stringify({ cases: [{ prompt: 'a', expect: { delegates: ['writer'] } }] })}`,
    );
    expect(loadRoutingCases(path, TEAM)).toHaveLength(1);
    writeFileSync(path, JSON.stringify({ cases: [{ prompt: '', expect: {} }] }));
    expect(() => loadRoutingCases(path, TEAM)).toThrow(
      expect.objectContaining({
        name: 'EvalCasesError',
        problems: [
          expect.objectContaining({ path: 'cases[0].prompt' }),
          expect.objectContaining({ path: 'cases[0].expect' }),
        ],
      }),
    );
  });
});

describe('the starter cases of a new project', () => {
  it('finds the shortest call chain to every agent the orchestrator reaches', () => {
    expect(Object.fromEntries(callPaths(TEAM))).toEqual({
      researcher: ['researcher'],
      writer: ['writer'],
      archivist: ['researcher', 'archivist'],
    });
  });

  it('asks for each reachable agent in its description, and greets the orchestrator', () => {
    const file = starterCases(TEAM);
    expect(file.$schema).toBe(
      '../node_modules/create-agentcore-multiagent/schemas/routing-cases.schema.json',
    );
    expect(file.cases).toEqual([
      {
        name: 'reaches researcher',
        prompt:
          'I need help with this: Researches a topic in depth and reports the key facts with sources.',
        expect: { delegates: ['researcher'] },
      },
      {
        name: 'reaches writer',
        prompt: 'I need help with this: Drafts prose and poems.',
        expect: { delegates: ['writer'] },
      },
      {
        name: 'reaches archivist',
        prompt:
          'I need help with this: Researches a topic in depth and reports the key facts with sources. Keeps the archive of past studies.',
        expect: { delegates: ['archivist'] },
      },
      {
        name: 'orchestrator answers a greeting itself',
        prompt: 'Hello! Who are you?',
        expect: { notDelegates: ['researcher', 'writer'] },
      },
    ]);
    expect(starterCase(TEAM, 'hermit')).toBeUndefined();
    expect(starterCase(TEAM, 'orchestrator')).toBeUndefined();
  });

  it('passes its own validation and the schema shipped for editors', () => {
    const input = JSON.parse(starterCasesJson(TEAM));
    expect(checkRoutingCases(input, TEAM).problems).toEqual([]);
    expect(routingCasesSchema.safeParse(input).success).toBe(true);
  });

  it('holds an orchestrator that calls nobody to answering in time', () => {
    const alone = AgentGraph.fromSpec(
      validateSystem({
        name: 'alone',
        agents: [
          { name: 'solo', role: 'orchestrator', description: 'Does it all.', calls: [] },
          { name: 'idle', role: 'specialist', description: 'Waits.' },
        ],
      }),
    );
    const file = JSON.parse(starterCasesJson(alone));
    expect(file.cases).toEqual([
      {
        name: 'solo answers a greeting itself',
        prompt: 'Hello! Who are you?',
        expect: { maxMs: 60_000 },
      },
    ]);
    expect(checkRoutingCases(file, alone).problems).toEqual([]);
  });
});

describe('the JSON schema and the validator agree', () => {
  // The schema editors read is rendered from the zod schema; the validator has the
  // project's wording. Both must accept and refuse the same shapes.
  const shapes: Array<[string, unknown, boolean]> = [
    ['valid', { cases: [{ prompt: 'a', expect: { delegates: ['writer'] } }] }, true],
    [
      'all fields',
      {
        $schema: 's',
        cases: [
          {
            name: 'n',
            prompt: 'a',
            expect: {
              delegates: ['writer'],
              notDelegates: ['researcher'],
              answerIncludes: ['x'],
              maxMs: 1,
            },
          },
        ],
      },
      true,
    ],
    ['no cases', { cases: [] }, false],
    [
      'unknown field',
      { cases: [{ prompt: 'a', expect: { delegates: ['writer'] }, extra: 1 }] },
      false,
    ],
    ['unknown expectation', { cases: [{ prompt: 'a', expect: { delegate: ['writer'] } }] }, false],
    ['empty prompt', { cases: [{ prompt: '', expect: { delegates: ['writer'] } }] }, false],
    ['empty list', { cases: [{ prompt: 'a', expect: { delegates: [] } }] }, false],
    ['text for list', { cases: [{ prompt: 'a', expect: { answerIncludes: 'x' } }] }, false],
    ['zero maxMs', { cases: [{ prompt: 'a', expect: { maxMs: 0 } }] }, false],
    ['no expect', { cases: [{ prompt: 'a' }] }, false],
    ['bare list', [{ prompt: 'a', expect: { delegates: ['writer'] } }], false],
  ];
  it.each(shapes)('%s', (_, input, valid) => {
    expect(routingCasesSchema.safeParse(input).success).toBe(valid);
    expect(checkRoutingCases(input, TEAM).problems.length === 0).toBe(valid);
  });
});
