import type { WorkflowNode } from "../compiler/index.js";

/**
 * The longest chain of dependent nodes by measured duration: the part of the run that more
 * parallelism cannot shorten. Nodes that never ran count zero and are left out of the chain.
 */
export function criticalPath(nodes: readonly WorkflowNode[], durations: ReadonlyMap<string, number>): { nodes: string[]; durationMs: number } {
  const deps = new Map(nodes.map((n) => [n.id, n.dependsOn]));
  const best = new Map<string, { cost: number; via?: string }>();
  const cost = (id: string): number => {
    const known = best.get(id);
    if (known) return known.cost;
    let via: string | undefined;
    let before = 0;
    for (const dep of deps.get(id) ?? []) {
      const c = cost(dep);
      if (c > before) [before, via] = [c, dep];
    }
    const entry = { cost: before + (durations.get(id) ?? 0), ...(via ? { via } : {}) };
    best.set(id, entry);
    return entry.cost;
  };
  let end: string | undefined;
  let total = 0;
  for (const { id } of nodes) {
    const c = cost(id);
    if (c > total) [total, end] = [c, id];
  }
  const chain: string[] = [];
  for (let at = end; at !== undefined; at = best.get(at)?.via) if (durations.has(at)) chain.unshift(at);
  return { nodes: chain, durationMs: Math.round(total) };
}
