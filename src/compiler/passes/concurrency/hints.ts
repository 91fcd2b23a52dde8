import type { Workflow, WorkflowNode } from "./schema.js";

/**
 * The concise parallel-execution notes appended to the compiled SKILL.md: what can run together,
 * which sub-tasks suit sub-agents, and the one `run_workflow` call that does it all for the model.
 */
export function parallelHints(skill: string, workflow: Workflow): string {
  if (workflow.parallel.length === 0) return "";
  const byId = new Map(workflow.nodes.map((n) => [n.id, n]));
  const name = (id: string): string => {
    const node = byId.get(id);
    return node && node.title !== id ? `\`${id}\` (${node.title})` : `\`${id}\``;
  };
  const lines = workflow.parallel.map((group) => {
    const names = group.nodes.map(name).join(", ");
    if (group.kind === "data") return `- ${names} runs once per item of \`${group.over ?? "its input"}\`; the items are independent: process them in parallel (batch the calls).`;
    if (group.kind === "thread") return `- ${names} are independent sub-tasks: give each its own sub-agent when your harness has them, else do them in any order.`;
    return `- ${names} do not depend on each other: once ${after(group.nodes, byId, name)}, run them at the same time (issue the calls together).`;
  });
  const runnable = workflow.nodes.some((n) => n.run.kind !== "instruction");
  if (runnable) {
    const inputs = Object.fromEntries(workflow.inputs.map((i) => [i.name, i.default ?? `<${i.name}>`]));
    lines.push(`- Or let the server do it: \`run_workflow\` ${JSON.stringify({ skill, inputs })} runs every runnable step with this parallelism and returns each step's output and timing.`);
  }
  return `\n\n## Parallel execution (skvm)\n\n${lines.join("\n")}\n`;
}

function after(ids: readonly string[], byId: ReadonlyMap<string, WorkflowNode>, name: (id: string) => string): string {
  const deps = [...new Set(ids.flatMap((id) => byId.get(id)?.dependsOn ?? []))];
  return deps.length ? `${deps.map(name).join(", ")} ${deps.length === 1 ? "is" : "are"} done` : "you start";
}
