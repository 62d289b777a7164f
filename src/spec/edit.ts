import { AGENTS_FILE } from '../layout';
import { SpecError, type SpecProblem } from './problems';
import { closest } from './rules';
import type { AgentInput, BuildMode, Protocol, StageInput, SystemSpec } from './schema';
import { checkSystem } from './validate';

/** What `add-agent` is asked to add. */
export interface AddAgentRequest {
  readonly name: string;
  readonly description: string;
  /**
   * Agents that may delegate to the new one.
   * @default the orchestrator
   */
  readonly calledBy?: readonly string[];
  /**
   * Agents the new one may delegate to.
   * @default none
   */
  readonly calls?: readonly string[];
  readonly systemPrompt?: string;
  readonly modelId?: string;
  readonly buildMode?: BuildMode;
  readonly protocol?: Protocol;
}

/** The outcome of an edit: the new description, its validated spec, and whether anything changed. */
export interface EditResult {
  /** The edited `agents.json` content; the input's other fields and order are kept. */
  readonly input: Record<string, unknown>;
  readonly spec: SystemSpec;
  readonly changed: boolean;
}

type RawAgent = Record<string, unknown> & { name: string; role: string; calls?: string[] };

/**
 * Adds a specialist to a system description and wires its callers, validating the result
 * with the same rules as a new system. Adding an agent that is already there with the
 * same description only adds the missing links, so running it twice changes nothing.
 * @throws SpecError naming every problem; the input is never modified
 */
export function addAgent(input: unknown, request: AddAgentRequest): EditResult {
  const system = current(input);
  const agents = rawAgents(system);
  const orchestrator = agents.find((a) => a.role === 'orchestrator')?.name;
  const calledBy = request.calledBy ?? (orchestrator ? [orchestrator] : []);
  const problems: SpecProblem[] = [];

  const known = new Set(agents.map((a) => a.name));
  calledBy.forEach((caller, i) => {
    if (!known.has(caller)) {
      problems.push({
        path: `--called-by[${i}]`,
        value: caller,
        message: 'names no agent of this system',
        fix: `use one of ${[...known].map((n) => `"${n}"`).join(', ')}`,
      });
    }
  });

  const implicit = new Set(agents.filter((a) => !a.calls).map((a) => a.name));
  const existing = agents.find((a) => a.name === request.name);
  let next: RawAgent[];
  if (existing) {
    if (existing.description !== request.description || existing.role !== 'specialist') {
      problems.push({
        path: '--name',
        value: request.name,
        message: 'an agent of this name already exists with another description or role',
        fix: 'choose another name, or remove the existing agent first with remove-agent',
      });
    }
    next = agents.map((a) =>
      a === existing ? { ...a, calls: union(explicitCalls(a, agents), request.calls ?? []) } : a,
    );
  } else {
    const added: RawAgent = {
      name: request.name,
      role: 'specialist',
      description: request.description,
      ...(request.systemPrompt !== undefined && { systemPrompt: request.systemPrompt }),
      ...(request.calls && request.calls.length > 0 && { calls: [...request.calls] }),
      ...(request.modelId !== undefined && { modelId: request.modelId }),
      ...(request.buildMode !== undefined && { buildMode: request.buildMode }),
      ...(request.protocol !== undefined && { protocol: request.protocol }),
    };
    // Callers whose links were left implicit get them written out first, so that adding
    // an agent changes no existing link.
    next = [...agents.map((a) => withExplicitCalls(a, agents)), added];
  }
  if (problems.length > 0) throw new SpecError(problems);

  next = next.map((a) =>
    calledBy.includes(a.name) ? { ...a, calls: union(explicitCalls(a, next), [request.name]) } : a,
  );
  return finish(system, simplify(next, implicit));
}

/**
 * Removes a specialist and every link to it.
 * @throws SpecError when no agent has that name (naming those that exist), when asked to
 * remove the orchestrator, or when the result is invalid
 */
export function removeAgent(input: unknown, name: string): EditResult {
  const system = current(input);
  const agents = rawAgents(system);
  const target = agents.find((a) => a.name === name);
  if (!target) {
    // An error rather than a no-op: the caller may go on to delete the agent's files, and
    // a folder that matches no agent is the user's own.
    const names = agents.map((a) => `"${a.name}"`).join(', ');
    const guess = closest(
      name,
      agents.map((a) => a.name),
    );
    throw new SpecError([
      {
        path: '--name',
        value: name,
        message: 'names no agent of this system',
        fix: guess ? `did you mean "${guess}"? The agents are ${names}` : `use one of ${names}`,
      },
    ]);
  }
  if (target.role === 'orchestrator') {
    throw new SpecError([
      {
        path: '--name',
        value: name,
        message: 'the orchestrator is the entry point of the system and cannot be removed',
        fix: 'remove a specialist, or edit agents.json to make another agent the orchestrator',
      },
    ]);
  }
  const next = agents
    .filter((a) => a !== target)
    .map((a) => (a.calls ? { ...a, calls: a.calls.filter((c) => c !== name) } : a));
  return finish(withoutStageSettings(system, name), next);
}

/** The system without what its stages set for one agent, which is about to go. */
function withoutStageSettings(
  system: Record<string, unknown>,
  agent: string,
): Record<string, unknown> {
  const stages = system.stages as Record<string, StageInput> | undefined;
  if (!stages) return system;
  const kept = Object.entries(stages).map(([stage, settings]) => {
    if (!settings.agents || !Object.hasOwn(settings.agents, agent)) return [stage, settings];
    const { [agent]: _removed, ...others } = settings.agents;
    const { agents: _all, ...rest } = settings;
    return [stage, Object.keys(others).length > 0 ? { ...rest, agents: others } : rest];
  });
  return { ...system, stages: Object.fromEntries(kept) };
}

/** The system as an object; anything else is reported the way validation reports it. */
function current(input: unknown): Record<string, unknown> {
  const check = checkSystem(input);
  if (!check.spec) throw new SpecError(check.problems, AGENTS_FILE);
  return input as Record<string, unknown>;
}

function rawAgents(system: Record<string, unknown>): RawAgent[] {
  return (system.agents as AgentInput[]).map((a) => ({ ...a }) as RawAgent);
}

/** The agent's links, the default ones included. */
function explicitCalls(agent: RawAgent, agents: readonly RawAgent[]): string[] {
  if (agent.calls) return agent.calls;
  return agent.role === 'orchestrator'
    ? agents.filter((a) => a.role === 'specialist').map((a) => a.name)
    : [];
}

function withExplicitCalls(agent: RawAgent, agents: readonly RawAgent[]): RawAgent {
  return agent.calls || agent.role !== 'orchestrator'
    ? agent
    : { ...agent, calls: explicitCalls(agent, agents) };
}

/**
 * Leaves links implicit where the file left them implicit and they are still exactly the
 * default, so an edit rewrites no more of the user's file than it must.
 */
function simplify(agents: RawAgent[], implicit: ReadonlySet<string>): RawAgent[] {
  return agents.map((a) => {
    if (!implicit.has(a.name) || !a.calls) return a;
    const defaults = explicitCalls({ ...a, calls: undefined }, agents);
    if (a.calls.length !== defaults.length || !a.calls.every((c, i) => c === defaults[i])) return a;
    const { calls: _default, ...rest } = a;
    return rest as RawAgent;
  });
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}

function finish(system: Record<string, unknown>, agents: RawAgent[]): EditResult {
  const input = { ...system, agents };
  const check = checkSystem(input);
  if (!check.spec) throw new SpecError(check.problems, 'agents.json after the change');
  return { input, spec: check.spec, changed: JSON.stringify(input) !== JSON.stringify(system) };
}
