/**
 * Graph algorithms on plain adjacency lists (caller → callees). They take nodes in a
 * given order and keep it wherever the graph leaves a choice, so the same input always
 * gives the same output.
 */

/** Callers mapped to the callees they may delegate to, in declaration order. */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

/**
 * Finds one cycle, if any, and returns its path with the first node repeated at the end
 * (`['a', 'b', 'c', 'a']`); `undefined` when the graph is acyclic.
 */
export function findCycle(adjacency: Adjacency): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];

  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of adjacency.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') {
        return [...path.slice(path.indexOf(next)), next];
      }
      if (seen === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };

  for (const node of adjacency.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/**
 * Deploy levels of an acyclic graph: level 0 holds the agents that call nobody, and an
 * agent's level is one more than its highest callee's. Agents within a level do not
 * depend on each other, so they may deploy in parallel.
 */
export function deployLevels(adjacency: Adjacency): string[][] {
  const level = new Map<string, number>();
  const levelOf = (node: string): number => {
    const known = level.get(node);
    if (known !== undefined) return known;
    const callees = adjacency.get(node) ?? [];
    const value = callees.length === 0 ? 0 : 1 + Math.max(...callees.map(levelOf));
    level.set(node, value);
    return value;
  };

  const levels: string[][] = [];
  for (const node of adjacency.keys()) {
    const l = levelOf(node);
    levels[l] = [...(levels[l] ?? []), node];
  }
  return levels;
}
