import type { SkillIR } from "../../../skill/ir.js";
import { proseReads, stepReferences, type Flow } from "./dataflow.js";
import { transitiveReduction } from "./graph.js";
import { inferGroups } from "./groups.js";
import { blocksRun } from "./node-run.js";
import type { Workflow, WorkflowInput, WorkflowNode } from "./schema.js";
import { workflowSteps, type WorkflowStep } from "./steps.js";

const INDEPENDENT = /\b(independent(ly)?|in parallel|concurrently|at the same time)\b/i;
const FOR_EACH = /\bfor (?:each|every)\s+([a-z][\w-]*)(?:\s+(?:in|of|from)\s+(?:the\s+)?`?([A-Za-z_][\w.-]*)`?)?/i;
const PLACEHOLDER = /[<{]([A-Za-z_][\w.-]*)[>}]/g;

interface Draft {
  node: WorkflowNode;
  step: WorkflowStep;
  flow: Flow;
  /** What the step's code reads (prose mentions excluded): the candidates for workflow inputs. */
  codeReads: string[];
}

/**
 * A workflow read off the Markdown: each step of the main procedure is a node running its code
 * (or an instruction when it has none); a step depends on the earlier steps that write what it
 * reads (files, shell variables), on steps its prose says it waits for, and, with no evidence
 * either way, on the step before it. "For each X" makes a runnable step a data-parallel map.
 */
export function inferWorkflow(ir: SkillIR): Workflow | undefined {
  const steps = workflowSteps(ir);
  if (steps.length < 2) return undefined;
  const bundled = new Set(ir.files.map((f) => f.path));
  const drafts: Draft[] = [];
  const taken = new Set<string>();
  for (const step of steps) {
    const id = uniqueId(`step-${step.number}`, taken);
    const code = blocksRun(step.blocks, bundled);
    const run = code?.run ?? { kind: "instruction" as const, text: step.text };
    const flow = { reads: [...new Set([...(code?.flow.reads ?? []), ...proseReads(step.text)])], writes: code?.flow.writes ?? [] };
    const forEach = code ? mapOf(step.text) : undefined;
    const node: WorkflowNode = {
      id,
      title: step.title || `Step ${step.number}`,
      run,
      dependsOn: dependencies(step, flow, drafts),
      ...(forEach ? { forEach } : {}),
      origin: `${ir.entry}:${step.startLine}`,
      ...(flow.reads.length ? { reads: flow.reads } : {}),
      ...(flow.writes.length ? { writes: flow.writes } : {}),
    };
    drafts.push({ node, step, flow, codeReads: code?.flow.reads ?? [] });
  }
  const nodes = transitiveReduction(drafts.map((d) => d.node));
  return { source: "inferred", inputs: inputsOf(drafts), nodes, parallel: inferGroups(nodes) };
}

function dependencies(step: WorkflowStep, flow: Flow, earlier: readonly Draft[]): string[] {
  const deps = new Set<string>();
  for (const read of flow.reads) {
    const writer = earlier.findLast((d) => d.flow.writes.includes(read));
    if (writer) deps.add(writer.node.id);
  }
  for (const n of stepReferences(step.text)) {
    const referenced = earlier.findLast((d) => d.step.number === n);
    if (referenced) deps.add(referenced.node.id);
  }
  const previous = earlier.at(-1);
  // Without data flow or words saying otherwise, steps keep the order the author wrote.
  if (deps.size === 0 && previous && !INDEPENDENT.test(step.text)) deps.add(previous.node.id);
  return [...deps];
}

function mapOf(text: string): WorkflowNode["forEach"] {
  const m = FOR_EACH.exec(text);
  if (!m?.[1]) return undefined;
  return { over: m[2] ?? `${m[1]}s`, as: m[1] };
}

/**
 * Inputs: files the runnable steps read that no step writes (their name is the default, so a
 * run without inputs uses the file the author named), `<name>` / `{name}` placeholders in
 * script arguments, and the lists data-parallel steps map over.
 */
function inputsOf(drafts: readonly Draft[]): WorkflowInput[] {
  const written = new Set(drafts.flatMap((d) => d.flow.writes));
  const inputs = new Map<string, WorkflowInput>();
  for (const { node, codeReads } of drafts) {
    if (node.forEach) inputs.set(node.forEach.over, { name: node.forEach.over, description: `items "${node.id}" maps over` });
    if (node.run.kind === "instruction") continue;
    for (const file of codeReads.filter((r) => !written.has(r) && !r.startsWith("$") && !/[<>{}]/.test(r))) {
      if (!inputs.has(file)) inputs.set(file, { name: file, default: file });
    }
    if (node.run.kind !== "script") continue;
    for (const arg of node.run.args) {
      for (const m of arg.matchAll(PLACEHOLDER)) {
        const name = m[1] ?? "";
        if (name !== node.forEach?.as && !inputs.has(name)) inputs.set(name, { name });
      }
    }
  }
  return [...inputs.values()];
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}
