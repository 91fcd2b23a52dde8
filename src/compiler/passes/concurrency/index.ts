import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { SkillIR } from "../../../skill/ir.js";
import type { CompilerPass } from "../../pass.js";
import { explicitSource, parseExplicit } from "./explicit.js";
import { graphProblems } from "./graph.js";
import { dataGroups, groupProblems, inferGroups } from "./groups.js";
import { parallelHints } from "./hints.js";
import { loadShellParser } from "../paths/invocation.js";
import { inferWorkflow } from "./infer.js";
import { Workflow, WORKFLOW_FILE } from "./schema.js";

export { Workflow, WorkflowNode, NodeRun, ParallelGroup, WorkflowInput, WORKFLOW_FILE } from "./schema.js";
export { WORKFLOW_METADATA_KEY } from "./explicit.js";
export { graphProblems } from "./graph.js";

let parseYaml: ((text: string) => unknown) | undefined;

/**
 * PASS "concurrency" (PASS-3): the skill's workflow as a DAG (`workflow.json`), from the author's
 * explicit workflow or inferred from its steps and their data flow; parallel groups typed
 * data / instruction / thread; and parallel-execution hints in the compiled SKILL.md.
 */
export const concurrencyPass: CompilerPass = {
  name: "concurrency",
  description: "extract the workflow DAG and its parallel groups; write workflow.json and parallel-execution hints",
  async setup() {
    parseYaml ??= (await import("yaml")).parse;
    await loadShellParser();
  },
  run(unit) {
    if (!parseYaml) throw new Error('pass "concurrency" ran before its setup() hook');
    const { workflow, diagnostics } = extractWorkflow(unit.ir, parseYaml);
    if (!workflow || diagnostics.some((d) => d.severity === "error")) return { unit, diagnostics };
    const out = unit.out;
    return {
      unit: {
        ir: unit.ir,
        out: {
          body: `${out.body.trimEnd()}${parallelHints(unit.ir.frontmatter.name, workflow)}\n`,
          files: { ...out.files, [WORKFLOW_FILE]: `${JSON.stringify(workflow, null, 2)}\n` },
          manifest: { ...out.manifest, workflow: WORKFLOW_FILE },
        },
      },
      diagnostics,
    };
  },
};

/** The validated workflow of a skill, or the diagnostics that explain why it has none. */
export function extractWorkflow(ir: SkillIR, yaml: (text: string) => unknown): { workflow?: Workflow; diagnostics: Diagnostic[] } {
  const source = explicitSource(ir);
  const bundled = new Set(ir.files.map((f) => f.path));
  const found = source ? parseExplicit(source, yaml, bundled) : { workflow: inferWorkflow(ir), diagnostics: [] };
  const { workflow } = found;
  if (!workflow) return found;
  const file = source?.file ?? `${ir.folder}/${ir.entry}`;
  const line = source && "line" in source ? source.line : undefined;
  const at = { file, ...(line ? { line } : {}) };
  const problems: Diagnostic[] = graphProblems(workflow.nodes).map((p) => ({ code: p.code, severity: "error", ...at, message: p.message, hint: p.hint }));
  if (problems.length) return { diagnostics: [...found.diagnostics, ...problems] };
  const groupErrors: Diagnostic[] = groupProblems(workflow.parallel, workflow.nodes).map((message) => ({ code: "WORKFLOW_BAD_GROUP", severity: "error", ...at, message, hint: "list only nodes that exist and do not depend on each other" }));
  if (groupErrors.length) return { diagnostics: [...found.diagnostics, ...groupErrors] };
  const given = workflow.parallel;
  const mapped = dataGroups(workflow.nodes).filter((g) => !given.some((x) => x.kind === "data" && x.nodes.includes(g.nodes[0] ?? "")));
  const parallel = given.length ? [...given, ...mapped] : inferGroups(workflow.nodes);
  return { workflow: Workflow.parse({ ...workflow, parallel }), diagnostics: found.diagnostics };
}
