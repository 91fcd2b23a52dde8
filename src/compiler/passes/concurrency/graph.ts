import type { WorkflowNode } from "./schema.js";

/** A structural problem of a workflow graph, before it is turned into a located diagnostic. */
export interface GraphProblem {
  code: "WORKFLOW_DUPLICATE_ID" | "WORKFLOW_UNKNOWN_DEPENDENCY" | "WORKFLOW_CYCLE";
  message: string;
  node: string;
  hint: string;
}

type Edges = Pick<WorkflowNode, "id" | "dependsOn">;

/** Duplicate ids, dependencies on nodes that do not exist, and every cycle (named node by node). */
export function graphProblems(nodes: readonly Edges[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) {
      problems.push({ code: "WORKFLOW_DUPLICATE_ID", node: node.id, message: `node id "${node.id}" is used twice`, hint: "give every node its own id" });
    }
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn.filter((d) => !ids.has(d))) {
      problems.push({
        code: "WORKFLOW_UNKNOWN_DEPENDENCY",
        node: node.id,
        message: `node "${node.id}" depends on "${dep}", which is not a node of the workflow`,
        hint: `known nodes: ${[...ids].join(", ")}`,
      });
    }
  }
  const cycle = findCycle(nodes);
  if (cycle) {
    problems.push({
      code: "WORKFLOW_CYCLE",
      node: cycle[0] ?? "",
      message: `dependency cycle: ${cycle.join(" -> ")}`,
      hint: "a workflow must be acyclic; remove one of these dependsOn entries",
    });
  }
  return problems;
}

/** One cycle as a closed path (`a -> b -> a`), or undefined when the graph is acyclic. */
export function findCycle(nodes: readonly Edges[]): string[] | undefined {
  const deps = new Map(nodes.map((n) => [n.id, n.dependsOn]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done" || !deps.has(id)) return undefined;
    if (state.get(id) === "open") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "open");
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const { id } of nodes) {
    // Reported in the direction work flows (a runs before b), not the direction of dependsOn.
    const found = visit(id);
    if (found) return found.reverse();
  }
  return undefined;
}

/** Every node's ancestors (transitive dependencies). The graph must be acyclic. */
export function ancestors(nodes: readonly Edges[]): Map<string, Set<string>> {
  const deps = new Map(nodes.map((n) => [n.id, n.dependsOn]));
  const memo = new Map<string, Set<string>>();
  const of = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const all = new Set<string>();
    memo.set(id, all);
    for (const dep of deps.get(id) ?? []) {
      all.add(dep);
      for (const a of of(dep)) all.add(a);
    }
    return all;
  };
  for (const { id } of nodes) of(id);
  return memo;
}

/** Drops a dependency that another dependency already implies (`c` after `a` and `b`, `b` after `a`: `c` after `b`). */
export function transitiveReduction<T extends Edges>(nodes: readonly T[]): T[] {
  const anc = ancestors(nodes);
  return nodes.map((n) => ({
    ...n,
    dependsOn: n.dependsOn.filter((d) => !n.dependsOn.some((other) => other !== d && anc.get(other)?.has(d))),
  }));
}

/** Longest-path depth of each node: nodes of equal depth never depend on each other. */
export function levels(nodes: readonly Edges[]): Map<string, number> {
  const deps = new Map(nodes.map((n) => [n.id, n.dependsOn]));
  const depth = new Map<string, number>();
  const of = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    depth.set(id, 0);
    const d = Math.max(-1, ...(deps.get(id) ?? []).filter((x) => deps.has(x)).map(of)) + 1;
    depth.set(id, d);
    return d;
  };
  for (const { id } of nodes) of(id);
  return depth;
}
