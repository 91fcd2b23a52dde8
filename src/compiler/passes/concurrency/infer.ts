import type { SkillIR } from "../../../skill/ir.js";
import { hiddenEffects, proseReads, stepReferences, type Flow } from "./dataflow.js";
import { proseEvidence, type ProseEvidence } from "./evidence.js";
import { transitiveReduction } from "./graph.js";
import { inferGroups } from "./groups.js";
import { blocksRun } from "./node-run.js";
import type { NodeRun, Workflow, WorkflowInput, WorkflowNode } from "./schema.js";
import { workflowSteps, type WorkflowStep } from "./steps.js";

const INDEPENDENT = /\b(independent(ly)?|in parallel|concurrently|at the same time)\b/i;
const FOR_EACH = /\bfor (?:each|every)\s+([a-z][\w-]*)(?:\s+(?:in|of|from)\s+(?:the\s+)?`?([A-Za-z_][\w.-]*)`?)?/i;
const PLACEHOLDER = /[<{]([A-Za-z_][\w.-]*)[>}]/g;

interface Draft {
  node: WorkflowNode;
  step: WorkflowStep;
  flow: Flow;
  /** Why its effects on files are unknown (an instruction, Python code, `pip install`); undefined when all are visible. */
  opaque?: string;
  /** Why the step is independent of the order it is written in, when the prose says so. */
  independent?: string;
  /** What the step's code reads (prose mentions excluded): the candidates for workflow inputs. */
  codeReads: string[];
}

/**
 * A workflow read off the Markdown: each step of the main procedure is a node running its code
 * (or an instruction when it has none). A step depends on the earlier steps that write what it
 * reads, read or write what it writes (files, shell variables), and that the prose says it waits
 * for. Steps whose effects are all visible (bundled scripts and commands whose files are in
 * their words) are otherwise independent; only a step with unknown effects keeps the written
 * order, unless the prose calls it independent. Every edge records why (`why`). "For each X"
 * makes a runnable step a data-parallel map.
 */
export function inferWorkflow(ir: SkillIR): Workflow | undefined {
  const steps = workflowSteps(ir);
  if (steps.length < 2) return undefined;
  const bundled = new Set(ir.files.map((f) => f.path));
  const drafts: Draft[] = [];
  const taken = new Set<string>();
  const prose = proseEvidence(ir, steps[0]?.section ?? "", steps.map((s) => s.number));
  for (const step of steps) {
    const id = uniqueId(`step-${step.number}`, taken);
    const code = blocksRun(step.blocks, bundled);
    const run = code?.run ?? { kind: "instruction" as const, text: step.text };
    const flow = { reads: [...new Set([...(code?.flow.reads ?? []), ...proseReads(step.text)])], writes: code?.flow.writes ?? [] };
    const forEach = code ? mapOf(step.text) : undefined;
    const opaque = unknownEffects(run, bundled);
    const ownWords = INDEPENDENT.exec(step.text)?.[0];
    const stated = prose.independent.get(step.number);
    const independent = ownWords ? `its text says "${ownWords}"` : stated ? `${ir.entry}:${stated.line} says "${stated.text}"` : undefined;
    const draft: Draft = { node: { id, title: step.title || `Step ${step.number}`, run, dependsOn: [] }, step, flow, codeReads: code?.flow.reads ?? [], ...(opaque ? { opaque } : {}), ...(independent ? { independent } : {}) };
    const why = dependencies(draft, drafts, prose, ir.entry);
    draft.node = {
      ...draft.node,
      dependsOn: [...why.keys()],
      ...(forEach ? { forEach } : {}),
      origin: `${ir.entry}:${step.startLine}`,
      ...(flow.reads.length ? { reads: flow.reads } : {}),
      ...(flow.writes.length ? { writes: flow.writes } : {}),
      ...(why.size ? { why: Object.fromEntries(why) } : {}),
    };
    drafts.push(draft);
  }
  const nodes = transitiveReduction(drafts.map((d) => d.node)).map(keepReasons);
  return { source: "inferred", inputs: inputsOf(drafts), nodes, parallel: inferGroups(nodes) };
}

/** The earlier steps a step waits for, each with the evidence. */
function dependencies(draft: Draft, earlier: readonly Draft[], prose: ProseEvidence, entry: string): Map<string, string> {
  const why = new Map<string, string>();
  const add = (d: Draft | undefined, reason: (id: string) => string) => {
    if (d && !why.has(d.node.id)) why.set(d.node.id, reason(d.node.id));
  };
  const { flow, step } = draft;
  for (const read of flow.reads) add(earlier.findLast((d) => d.flow.writes.includes(read)), (id) => `reads ${read}, which ${id} writes`);
  for (const written of flow.writes) {
    add(earlier.findLast((d) => d.flow.writes.includes(written)), (id) => `overwrites ${written}, which ${id} writes`);
    add(earlier.findLast((d) => d.flow.reads.includes(written)), (id) => `writes ${written}, which ${id} reads first`);
  }
  for (const n of stepReferences(step.text)) add(earlier.findLast((d) => d.step.number === n), () => `its text says it comes after step ${n}`);
  for (const stated of prose.waits.filter((w) => w.step === step.number)) {
    for (const n of stated.on) add(earlier.findLast((d) => d.step.number === n), () => `${entry}:${stated.quote.line} says "${stated.quote.text}"`);
  }
  if (draft.independent) return why;
  // Missing evidence: a step with unknown effects waits for every step before it; a step whose
  // effects are all visible waits only for earlier steps with unknown effects.
  for (const d of earlier) {
    if (d.independent) continue;
    if (draft.opaque) add(d, (id) => `its effects are unknown (${draft.opaque}), so it waits for ${id}, written before it`);
    else if (d.opaque) add(d, (id) => `the effects of ${id} are unknown (${d.opaque}), so it keeps the written order`);
  }
  return why;
}

/** Why a step's effects on files are unknown (an instruction, Python code, `pip`), or undefined when they are all visible. */
function unknownEffects(run: NodeRun, bundled: ReadonlySet<string>): string | undefined {
  if (run.kind === "instruction") return "an instruction";
  if (run.kind === "script") return undefined;
  if (run.kind !== "code") return `${run.kind} code`;
  if (run.lang !== "shell") return `${run.lang} code`;
  const hidden = hiddenEffects(run.code, bundled);
  return hidden === undefined ? undefined : `it runs \`${hidden}\``;
}

/** After the transitive reduction: the reasons of the edges that are left. */
function keepReasons(node: WorkflowNode): WorkflowNode {
  if (!node.why) return node;
  const why = Object.fromEntries(node.dependsOn.map((d) => [d, node.why?.[d] ?? ""]));
  return { ...node, why };
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
