import type { NodeRun, Workflow } from "../compiler/index.js";
import type { WorkflowReport } from "./report.js";

/** One line saying what a node runs. */
export function describeRun(run: NodeRun): string {
  if (run.kind === "script") {
    const env = Object.entries(run.env ?? {}).map(([k, v]) => `${k}=${quoteIfNeeded(v)} `).join("");
    const redirects = (run.redirects ?? []).map((r) => ` ${r.op} ${quoteIfNeeded(r.path)}`).join("");
    return `script ${env}${[run.script, ...run.args].map(quoteIfNeeded).join(" ")}${redirects}`;
  }
  if (run.kind === "code") return `${run.lang} code: ${oneLine(run.code)}`;
  if (run.kind === "js") return `js transform: ${oneLine(run.code)}`;
  if (run.kind === "template") return `template ${run.template} ${oneLine(JSON.stringify(run.params))}`;
  return `instruction (the model's): ${oneLine(run.text)}`;
}

const oneLine = (text: string, max = 70): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
};
const quoteIfNeeded = (word: string): string => (/^[\w./<>{}=,:@%+-]+$/.test(word) ? word : JSON.stringify(word));

/** The DAG for people: nodes in order with what they run and wait for, then the parallel groups. */
export function workflowText(skill: string, workflow: Workflow): string {
  const width = Math.max(...workflow.nodes.map((n) => n.id.length));
  const inputs = workflow.inputs.map((i) => (i.default === undefined ? i.name : `${i.name}=${JSON.stringify(i.default)}`)).join(", ") || "(none)";
  const lines = [`${skill}: ${workflow.nodes.length} nodes (${workflow.source}), inputs: ${inputs}`, ""];
  for (const n of workflow.nodes) {
    const map = n.forEach ? ` [for each ${n.forEach.as} in ${n.forEach.over}]` : "";
    lines.push(`  ${n.id.padEnd(width)}  ${n.title}${map}`);
    lines.push(`  ${"".padEnd(width)}    runs: ${describeRun(n.run)}`);
    for (const dep of n.dependsOn) lines.push(`  ${"".padEnd(width)}    after ${dep}: ${n.why?.[dep] ?? edgeOrigin(workflow)}`);
  }
  lines.push("", "parallel groups:");
  if (workflow.parallel.length === 0) lines.push("  (none: every step waits for the one before)");
  for (const g of workflow.parallel) lines.push(`  ${g.kind}: ${g.nodes.join(", ")}${g.over ? ` over ${g.over}` : ""}`);
  return lines.join("\n");
}

const edgeOrigin = (workflow: Workflow): string =>
  workflow.source === "explicit" ? "declared by the author (dependsOn)" : "inferred by an older compiler, which kept no reason (skvm compile --force)";

/** The DAG as a Mermaid flowchart; parallel groups become subgraphs. */
export function workflowMermaid(workflow: Workflow): string {
  const key = (id: string): string => `n_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const label = (text: string): string => text.replace(/"/g, "#quot;").slice(0, 60);
  const lines = ["flowchart TD"];
  const grouped = new Set<string>();
  workflow.parallel.forEach((g, i) => {
    const members = g.nodes.filter((id) => !grouped.has(id));
    if (members.length === 0) return;
    lines.push(`  subgraph g${i}["${g.kind}-parallel${g.over ? ` over ${label(g.over)}` : ""}"]`);
    for (const id of members) grouped.add(id);
    lines.push(...members.map((id) => `    ${key(id)}`), "  end");
  });
  for (const n of workflow.nodes) {
    const shape = n.run.kind === "instruction" ? [`[/"`, `"/]`] : [`["`, `"]`];
    lines.push(`  ${key(n.id)}${shape[0]}${label(`${n.id}: ${n.title}`)}${shape[1]}`);
  }
  for (const n of workflow.nodes) for (const dep of n.dependsOn) lines.push(`  ${key(dep)} --> ${key(n.id)}`);
  return lines.join("\n");
}

/** A run's result for people: one line per node, then the critical path. */
export function reportText(report: WorkflowReport): string {
  const width = Math.max(...report.nodes.map((n) => n.id.length));
  const lines = [`${report.skill}: ${report.status} in ${report.durationMs} ms (policy ${report.policy})`];
  for (const n of report.nodes) {
    const time = n.durationMs === undefined ? "" : ` ${n.durationMs} ms (from ${n.startedMs} ms)`;
    const detail = n.error ?? n.reason ?? (n.output === undefined ? "" : oneLine(typeof n.output === "string" ? n.output : JSON.stringify(n.output), 100));
    lines.push(`  ${n.id.padEnd(width)}  ${n.status.padEnd(9)}${time}${detail ? `  ${detail}` : ""}`);
  }
  const { parallelism: p, criticalPath: cp } = report;
  lines.push(`concurrency: up to ${report.concurrency} at once (${report.concurrencyReason}); ${report.peakConcurrency} ran at once at most`);
  lines.push(`critical path: ${cp.nodes.join(" -> ") || "(none)"} (${cp.durationMs} ms of node time); wall time ${report.durationMs} ms`);
  lines.push(`parallelism: ${p.realized}x realized (${p.busyMs} ms of node time in ${report.durationMs} ms), ${p.possible}x possible (node time / critical path)`);
  if (report.manual.length) lines.push(`left for the model (instructions): ${report.manual.join(", ")}`);
  return lines.join("\n");
}
