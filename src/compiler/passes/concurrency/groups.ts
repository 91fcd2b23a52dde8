import { ancestors, levels } from "./graph.js";
import type { ParallelGroup, WorkflowNode } from "./schema.js";

/**
 * Parallel groups a model (or the runtime) can use: nodes at the same depth are independent, so
 * they run together; all-prose groups are sub-tasks for sub-agents (thread), others independent
 * steps (instruction); every `forEach` node is a data-parallel map.
 */
export function inferGroups(nodes: readonly WorkflowNode[]): ParallelGroup[] {
  const depth = levels(nodes);
  const byLevel = new Map<number, WorkflowNode[]>();
  for (const node of nodes) byLevel.set(depth.get(node.id) ?? 0, [...(byLevel.get(depth.get(node.id) ?? 0) ?? []), node]);
  const groups: ParallelGroup[] = [];
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const members = byLevel.get(level) ?? [];
    if (members.length < 2) continue;
    const kind = members.every((n) => n.run.kind === "instruction") ? "thread" : "instruction";
    groups.push({ kind, nodes: members.map((n) => n.id) });
  }
  return [...groups, ...dataGroups(nodes)];
}

export function dataGroups(nodes: readonly WorkflowNode[]): ParallelGroup[] {
  return nodes.flatMap((n) => (n.forEach ? [{ kind: "data" as const, nodes: [n.id], over: n.forEach.over }] : []));
}

/** Problems of author-declared groups: unknown members, or members that depend on each other. */
export function groupProblems(groups: readonly ParallelGroup[], nodes: readonly WorkflowNode[]): string[] {
  const known = new Set(nodes.map((n) => n.id));
  const anc = ancestors(nodes);
  const problems: string[] = [];
  groups.forEach((group, i) => {
    for (const id of group.nodes.filter((n) => !known.has(n))) problems.push(`parallel[${i}] names "${id}", which is not a node`);
    for (const a of group.nodes) {
      const dependent = group.nodes.find((b) => anc.get(a)?.has(b));
      if (dependent) problems.push(`parallel[${i}] (${group.kind}): "${a}" depends on "${dependent}", so they cannot run together`);
    }
  });
  return problems;
}
