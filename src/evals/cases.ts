import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AgentGraph } from '../graph/agent-graph';
import { ROUTING_CASES_FILE } from '../layout';
import { formatProblem, type SpecProblem } from '../spec/problems';
import { closest, describeHiddenCharacter, HIDDEN_CHARACTER } from '../spec/rules';

/** The JSON schema of that file, inside this package (editors find it through `$schema`). */
export const ROUTING_CASES_SCHEMA_PATH = 'schemas/routing-cases.schema.json';

/**
 * The shape of a cases file, for the JSON schema editors read and for types. The rules
 * that need the agent graph (agent names, who can reach whom) and the project's wording
 * live in {@link checkRoutingCases}, which reports every problem at once.
 */
export const expectationSchema = z.strictObject({
  delegates: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Agents the request must reach with a successful call, directly or through another agent',
    ),
  notDelegates: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Agents the request must not reach at all, directly or through another agent'),
  answerIncludes: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Text the orchestrator's answer must contain, ignoring case"),
  maxMs: z
    .number()
    .positive()
    .optional()
    .describe('The longest the answer may take, in milliseconds, as the caller measures it'),
});

export const routingCaseSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .optional()
    .describe('What the case is called in reports; default: its number and prompt'),
  prompt: z.string().min(1).describe('The request sent to the orchestrator, in a new session'),
  expect: expectationSchema.describe(
    'What must hold of the answer: judged from the delegation records, never from its wording',
  ),
});

export const routingCasesSchema = z.strictObject({
  $schema: z.string().optional(),
  cases: z
    .array(routingCaseSchema)
    .min(1)
    .describe('Requests for the orchestrator, each with what must happen'),
});

/** The file as a user writes it. */
export type RoutingCasesInput = z.input<typeof routingCasesSchema>;
/** What one case expects. */
export type Expectation = z.output<typeof expectationSchema>;

/** A checked case: its name filled in. */
export interface RoutingCase {
  readonly name: string;
  readonly prompt: string;
  readonly expect: Expectation;
}

/** The JSON schema of a cases file, for editors; shipped in the package. */
export function routingCasesJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(routingCasesSchema, { target: 'draft-7' }),
    title: 'Routing cases for agentcore-multiagent eval',
    description:
      'Requests sent to the orchestrator by `npx projen eval`, each with the agents it must and must not reach.',
  };
}

/**
 * Thrown when a cases file is invalid. Carries every problem found, so a user fixes them
 * all in one pass.
 */
export class EvalCasesError extends Error {
  public readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[], source: string) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `The eval cases in ${source} have ${count}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'EvalCasesError';
    this.problems = problems;
  }
}

/**
 * Reads and checks a cases file against the project's agents.
 * @throws EvalCasesError naming the file and every problem, malformed JSON included
 */
export function loadRoutingCases(
  path: string,
  graph: AgentGraph,
  source = path,
): readonly RoutingCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new EvalCasesError(
      [
        {
          path: '(file)',
          value: source,
          message: missing ? 'does not exist' : `cannot be read: ${(error as Error).message}`,
          fix: missing
            ? `write one (see the README), or run "npx projen" to have ${ROUTING_CASES_FILE} written for this project`
            : 'check the path and its permissions',
        },
      ],
      source,
    );
  }
  const input = parseJson(text, source);
  const check = checkRoutingCases(input, graph);
  if (!check.cases) throw new EvalCasesError(check.problems, source);
  return check.cases;
}

/** JSON.parse with a failure told as line and column. @throws EvalCasesError */
function parseJson(text: string, source: string): unknown {
  // Editors on Windows may start a UTF-8 file with a byte-order mark, which JSON.parse refuses.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message.replace(/ in JSON at position \d+.*$/, '');
    const at = /at position (\d+)/.exec((error as Error).message);
    const offset = at ? Number(at[1]) : json.length;
    const before = json.slice(0, offset).split('\n');
    throw new EvalCasesError(
      [
        {
          path: `(line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`,
          value: json.split('\n')[before.length - 1]?.trim(),
          message: `is not valid JSON: ${message}`,
          fix: 'correct the JSON syntax there (a missing comma or quote, or a comma before "}" or "]")',
        },
      ],
      source,
    );
  }
}

/** The outcome of checking cases: the cases when valid, and every problem found. */
export interface CasesCheck {
  readonly cases?: readonly RoutingCase[];
  readonly problems: readonly SpecProblem[];
}

const EXPECTATIONS = Object.keys(expectationSchema.shape);

/** Checks the content of a cases file against the agent graph; never throws. */
export function checkRoutingCases(input: unknown, graph: AgentGraph): CasesCheck {
  const problems: SpecProblem[] = [];
  const add: AddProblem = (path, value, message, fix) => {
    problems.push({ path, value, message, fix });
  };
  const exampleCase = '{"prompt": "...", "expect": {"delegates": ["researcher"]}}';
  const example = `{"cases": [${exampleCase}]}`;

  if (Array.isArray(input)) {
    add(
      '(root)',
      input,
      'the file must be an object holding a "cases" list',
      'wrap the list: {"cases": [...]}',
    );
    return { problems };
  }
  if (typeof input !== 'object' || input === null) {
    add('(root)', input, 'the file must be a JSON object', `give an object such as ${example}`);
    return { problems };
  }
  const root = input as Record<string, unknown>;
  unknownKeys(root, Object.keys(routingCasesSchema.shape), '', add);
  if (!Array.isArray(root.cases) || root.cases.length === 0) {
    add(
      'cases',
      root.cases,
      'must be a list of at least one case',
      `give a list such as ${example}`,
    );
    return { problems };
  }

  const orchestrator = graph.orchestrator.spec.name;
  const agents = graph.agents.map((a) => a.spec.name);
  const known: AgentsKnown = {
    orchestrator,
    agents,
    callees: agents.filter((a) => a !== orchestrator),
    reachable: new Set(callPaths(graph).keys()),
  };
  const cases: RoutingCase[] = [];
  (root.cases as unknown[]).forEach((raw, i) => {
    const at = `cases[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      add(at, raw, 'a case must be an object', `give an object such as ${exampleCase}`);
      return;
    }
    const item = raw as Record<string, unknown>;
    let ok = unknownKeys(item, Object.keys(routingCaseSchema.shape), `${at}.`, add);
    if (item.name !== undefined && (typeof item.name !== 'string' || item.name.trim() === '')) {
      add(
        `${at}.name`,
        item.name,
        'a name must be a non-empty string',
        'name the case, or leave "name" out',
      );
      ok = false;
    } else if (typeof item.name === 'string' && HIDDEN_CHARACTER.test(item.name)) {
      const hidden = HIDDEN_CHARACTER.exec(item.name)?.[0] ?? '';
      add(
        `${at}.name`,
        item.name,
        `holds ${describeHiddenCharacter(hidden)}, which reports and terminals would show garbled`,
        'remove it',
      );
      ok = false;
    }
    if (typeof item.prompt !== 'string' || item.prompt.trim() === '') {
      add(
        `${at}.prompt`,
        item.prompt,
        typeof item.prompt === 'string' ? 'the prompt is empty' : 'every case needs a prompt',
        'write the request the orchestrator should get, e.g. "Research the tallest mountains"',
      );
      ok = false;
    }
    const expect = checkExpectation(item.expect, `${at}.expect`, known, add);
    if (!ok || !expect) return;
    cases.push({
      name: (item.name as string | undefined)?.trim() || defaultName(i, item.prompt as string),
      prompt: item.prompt as string,
      expect,
    });
  });

  const seen = new Map<string, number>();
  cases.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first === undefined) seen.set(c.name, i);
    else
      add(
        `cases[${i}].name`,
        c.name,
        `cases[${first}] has the same name`,
        'give each case its own name',
      );
  });
  return problems.length === 0 ? { cases, problems } : { problems };
}

type AddProblem = (path: string, value: unknown, message: string, fix: string) => void;

/** What agent names in a case are checked against. */
interface AgentsKnown {
  readonly orchestrator: string;
  readonly agents: readonly string[];
  /** Every agent but the orchestrator: what a case can name. */
  readonly callees: readonly string[];
  readonly reachable: ReadonlySet<string>;
}

function checkExpectation(
  value: unknown,
  at: string,
  known: AgentsKnown,
  add: AddProblem,
): Expectation | undefined {
  const fields = `"${EXPECTATIONS.join('", "')}"`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add(
      at,
      value,
      'every case needs an object saying what must happen',
      `give e.g. {"delegates": ["${known.callees[0] ?? 'researcher'}"]}, with any of ${fields}`,
    );
    return undefined;
  }
  const raw = value as Record<string, unknown>;
  let ok = unknownKeys(raw, EXPECTATIONS, `${at}.`, add);
  if (!EXPECTATIONS.some((key) => raw[key] !== undefined)) {
    add(at, raw, 'checks nothing', `give at least one of ${fields}`);
    ok = false;
  }
  const delegates = agentList(raw.delegates, `${at}.delegates`, known, add, true);
  const notDelegates = agentList(raw.notDelegates, `${at}.notDelegates`, known, add, false);
  notDelegates?.forEach((agent, j) => {
    if (!delegates?.includes(agent)) return;
    add(
      `${at}.notDelegates[${j}]`,
      agent,
      'is also in "delegates"',
      'keep it in one of the two lists',
    );
    ok = false;
  });
  const answerIncludes = textList(raw.answerIncludes, `${at}.answerIncludes`, add);
  const { maxMs } = raw;
  if (maxMs !== undefined && (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs <= 0)) {
    add(
      `${at}.maxMs`,
      maxMs,
      'must be a positive number of milliseconds',
      'give e.g. 5000, or leave it out',
    );
    ok = false;
  }
  const failed = (field: string, checked: unknown) =>
    raw[field] !== undefined && checked === undefined;
  if (
    !ok ||
    failed('delegates', delegates) ||
    failed('notDelegates', notDelegates) ||
    failed('answerIncludes', answerIncludes)
  ) {
    return undefined;
  }
  return {
    ...(delegates ? { delegates } : {}),
    ...(notDelegates ? { notDelegates } : {}),
    ...(answerIncludes ? { answerIncludes } : {}),
    ...(maxMs !== undefined ? { maxMs: maxMs as number } : {}),
  };
}

/**
 * Agent names in `delegates` or `notDelegates`, each an agent of the system other than the
 * orchestrator; in `delegates` also one the orchestrator can reach, or the case could
 * never pass. A misspelt name in `notDelegates` would pass unseen, so it is refused too.
 * @returns the names, or undefined after reporting a problem
 */
function agentList(
  value: unknown,
  at: string,
  known: AgentsKnown,
  add: AddProblem,
  mustBeReachable: boolean,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    add(
      at,
      value,
      'must be a non-empty list of agent names',
      `give e.g. ["${known.callees[0] ?? 'researcher'}"], or leave it out`,
    );
    return undefined;
  }
  let ok = true;
  value.forEach((agent: unknown, j) => {
    const problem = agentProblem(agent, known, mustBeReachable);
    if (!problem) return;
    add(`${at}[${j}]`, agent, problem.message, problem.fix);
    ok = false;
  });
  return ok ? (value as string[]) : undefined;
}

function agentProblem(
  agent: unknown,
  known: AgentsKnown,
  mustBeReachable: boolean,
): { message: string; fix: string } | undefined {
  if (typeof agent !== 'string' || !known.agents.includes(agent)) {
    const guess = typeof agent === 'string' ? closest(agent, known.callees) : undefined;
    return {
      message: 'names no agent of this system',
      fix: guess ? `did you mean "${guess}"?` : `use one of ${known.callees.join(', ')}`,
    };
  }
  if (agent === known.orchestrator) {
    return {
      message: 'is the orchestrator, which every case is sent to, not an agent it delegates to',
      fix: `name the agents it should call (${known.callees.join(', ')}), or remove it`,
    };
  }
  if (mustBeReachable && !known.reachable.has(agent)) {
    return {
      message: `${known.orchestrator} cannot reach it: no chain of calls in agents.json leads there`,
      fix: 'let an agent on the way call it ("npx projen add-agent" with --called-by, or "calls" in agents.json), or remove it here',
    };
  }
  return undefined;
}

/** @returns the texts, or undefined after reporting a problem */
function textList(value: unknown, at: string, add: AddProblem): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    add(
      at,
      value,
      'must be a non-empty list of texts',
      typeof value === 'string'
        ? `put it in a list: [${JSON.stringify(value)}]`
        : 'give e.g. ["sources"]',
    );
    return undefined;
  }
  let ok = true;
  value.forEach((text: unknown, j) => {
    if (typeof text === 'string' && text.trim() !== '') return;
    add(
      `${at}[${j}]`,
      text,
      'must be a non-empty text',
      'give the words the answer must hold, or remove it',
    );
    ok = false;
  });
  return ok ? (value as string[]) : undefined;
}

function unknownKeys(
  raw: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  add: AddProblem,
): boolean {
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    ok = false;
    const guess = closest(key, known);
    add(
      `${prefix}${key}`,
      raw[key],
      'is not a known field',
      guess ? `did you mean "${guess}"?` : `remove it; known fields: ${known.join(', ')}`,
    );
  }
  return ok;
}

/** `#3 Research the tallest mountains…`: a case without a name, by its place and prompt. */
function defaultName(index: number, prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return `#${index + 1} ${line.length > 40 ? `${line.slice(0, 39).trimEnd()}…` : line}`;
}

/**
 * The shortest chain of calls from the orchestrator to every agent it can reach, the
 * orchestrator itself left out: `archivist → [researcher, archivist]`.
 */
export function callPaths(graph: AgentGraph): Map<string, readonly string[]> {
  const paths = new Map<string, readonly string[]>();
  const queue: Array<readonly string[]> = [[graph.orchestrator.spec.name]];
  while (queue.length > 0) {
    const path = queue.shift() as readonly string[];
    for (const edge of graph.callees(path[path.length - 1])) {
      const next = edge.callee.spec.name;
      if (paths.has(next) || next === graph.orchestrator.spec.name) continue;
      const chain = [...path, next];
      paths.set(next, chain.slice(1));
      queue.push(chain);
    }
  }
  return paths;
}
