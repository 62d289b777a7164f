/**
 * Graph algorithms on plain adjacency lists (caller → callees). They take nodes in a
 * given order and keep it wherever the graph leaves a choice, so the same input always
 * gives the same output.
 */

/** Callers mapped to the callees they may delegate to, in declaration order. */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

/**
 * Finds one cycle, if any, and returns its path with the first node repeated at the end
 * (`['a', 'b', 'c', 'a']`); `undefined` when the graph is acyclic. A depth-first search
 * with its own stack rather than recursion, so a chain of any length fits.
 */
export function findCycle(adjacency: Adjacency): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of adjacency.keys()) {
    if (state.has(root)) continue;
    // The open path from the root; beside each node, the index of its next callee to visit.
    const path = [root];
    const next = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const top = path.length - 1;
      const callees = adjacency.get(path[top]) ?? [];
      if (next[top] === callees.length) {
        state.set(path[top], 'done');
        path.pop();
        next.pop();
        continue;
      }
      const callee = callees[next[top]++];
      const seen = state.get(callee);
      if (seen === 'open') return [...path.slice(path.indexOf(callee)), callee];
      if (seen === undefined) {
        state.set(callee, 'open');
        path.push(callee);
        next.push(0);
      }
    }
  }
  return undefined;
}

/**
 * Deploy levels of an acyclic graph: level 0 holds the agents that call nobody, and an
 * agent's level is one more than its highest callee's. Agents within a level do not
 * depend on each other, so they may deploy in parallel. Computed with its own stack, so a
 * chain of any length fits.
 * @throws Error when the graph has a cycle (validation refuses those first)
 */
export function deployLevels(adjacency: Adjacency): string[][] {
  const level = new Map<string, number>();
  const expanded = new Set<string>();
  for (const root of adjacency.keys()) {
    const stack = [root];
    while (stack.length > 0) {
      const node = stack[stack.length - 1];
      if (level.has(node)) {
        stack.pop();
        continue;
      }
      const callees = adjacency.get(node) ?? [];
      const pending = callees.filter((callee) => !level.has(callee));
      if (pending.length > 0) {
        // Back at a node whose callees were all visited, yet one has no level: a cycle.
        if (expanded.has(node)) throw new Error(`deployLevels: ${node} is on a cycle`);
        expanded.add(node);
        stack.push(...pending.reverse());
        continue;
      }
      level.set(node, Math.max(-1, ...callees.map((callee) => level.get(callee) ?? 0)) + 1);
      stack.pop();
    }
  }

  const levels: string[][] = [];
  for (const node of adjacency.keys()) {
    const l = level.get(node) ?? 0;
    levels[l] ??= [];
    levels[l].push(node);
  }
  return levels;
}
