/**
 * Reading a synthesized template as a graph: which resource waits for which (DependsOn,
 * Ref, Fn::GetAtt, Fn::Sub), and which IAM statements reach which role. Tests assert on
 * these; the synth benchmark measures the critical path with them.
 */

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every logical id `value` refers to through Ref, Fn::GetAtt or Fn::Sub. */
export function references(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) references(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
        into.add(String(target));
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) into.add(m[1]);
        if (Array.isArray(inner)) references(inner[1], into);
      } else references(inner, into);
    }
  }
  return into;
}

/** Resource → the resources it waits for (pseudo parameters and parameters left out). */
export function dependencyGraph(template: CfnTemplate): Map<string, Set<string>> {
  const ids = new Set(Object.keys(template.Resources));
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const deps = references(resource.Properties ?? {});
    const dependsOn = resource.DependsOn ?? [];
    for (const d of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) deps.add(d);
    graph.set(id, new Set([...deps].filter((d) => ids.has(d) && d !== id)));
  }
  return graph;
}

/**
 * Everything `id` waits for, directly or not; with `stops`, the search does not go past
 * them (the stops themselves included).
 */
export function transitiveDependencies(
  graph: Map<string, Set<string>>,
  id: string,
  stops: ReadonlySet<string> = new Set(),
): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    if (!stops.has(next)) stack.push(...(graph.get(next) ?? []));
  }
  return seen;
}

/**
 * The longest chain of steps through the graph, counting only nodes for which `isStep`
 * holds (other resources are quick and are left out of the count but not of the chain).
 */
export function criticalPath(
  graph: Map<string, Set<string>>,
  isStep: (id: string) => boolean,
): string[] {
  const memo = new Map<string, string[]>();
  const longest = (id: string): string[] => {
    const known = memo.get(id);
    if (known) return known;
    let best: string[] = [];
    for (const dep of graph.get(id) ?? []) {
      const path = longest(dep);
      if (weight(path) > weight(best)) best = path;
    }
    const result = isStep(id) ? [...best, id] : best;
    memo.set(id, result);
    return result;
  };
  const weight = (path: string[]) => path.length;
  let best: string[] = [];
  for (const id of graph.keys()) {
    const path = longest(id);
    if (path.length > best.length) best = path;
  }
  return best;
}

/** Role logical id → every statement that reaches it through inline or managed policies. */
export function statementsByRole(template: CfnTemplate): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') {
      continue;
    }
    const props = resource.Properties as {
      PolicyDocument: { Statement: Statement[] };
      Roles?: unknown[];
    };
    for (const role of references(props.Roles ?? [])) {
      const list = byRole.get(role) ?? [];
      list.push(...props.PolicyDocument.Statement);
      byRole.set(role, list);
    }
  }
  return byRole;
}

/** A statement's actions as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** A statement's resources as a list. */
export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}
