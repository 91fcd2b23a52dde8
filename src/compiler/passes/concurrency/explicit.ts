import { z } from "zod";
import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { SkillIR } from "../../../skill/ir.js";
import { ParamValue } from "../../../jit/index.js";
import { codeRun, commandRun } from "./node-run.js";
import { NodeId, ParallelGroup, type NodeRun, type Workflow, type WorkflowInput, type WorkflowNode } from "./schema.js";

/** The metadata key a skill author may put a workflow under (YAML object, or a YAML/JSON string). */
export const WORKFLOW_METADATA_KEY = "workflow";

const Text = z.string().min(1);
const Args = z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default([]);

/** What authors write: a command line, or an object naming the kind by its key. */
const AuthorRun = z.union([
  Text,
  z.object({ script: Text, args: Args }).strict(),
  z.object({ shell: Text }).strict(),
  z.object({ python: Text }).strict(),
  z.object({ node: Text }).strict(),
  z.object({ js: Text }).strict(),
  z.object({ template: Text, params: z.record(z.string(), ParamValue).default({}) }).strict(),
  z.object({ instruction: Text }).strict(),
]);
type AuthorRun = z.infer<typeof AuthorRun>;

const IdList = z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === "string" ? [v] : v));

const AuthorNode = z
  .object({
    id: NodeId,
    title: z.string().optional(),
    run: AuthorRun,
    dependsOn: IdList.default([]),
    forEach: z.union([z.string(), z.object({ over: Text, as: Text.default("item") })]).optional(),
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
  })
  .strict();

const AuthorInputs = z
  .union([
    z.array(z.string()),
    z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null(), z.object({ default: z.union([z.string(), z.array(z.string())]).optional(), description: z.string().optional() }).strict()])),
  ])
  .default([]);

const AuthorWorkflow = z
  .object({ inputs: AuthorInputs, nodes: z.array(AuthorNode).min(1), parallel: z.array(ParallelGroup).optional() })
  .strict();

/** Where an explicit workflow was found, for diagnostics and line numbers. */
export interface ExplicitSource {
  text: string;
  file: string;
  /** SKILL.md line of the first line of `text`, when it came from a code block. */
  line?: number;
  what: string;
}

/** The author's workflow: a ```yaml workflow block (first one wins), else `metadata.workflow`. */
export function explicitSource(ir: SkillIR): ExplicitSource | { value: unknown; file: string; what: string } | undefined {
  const file = `${ir.folder}/${ir.entry}`;
  const block = ir.codeBlocks.find((b) => /^(ya?ml|json)$/.test(b.lang) && /\bworkflow\b/.test(b.meta));
  if (block) return { text: block.code, file, line: block.startLine + 1, what: `the \`${block.lang} workflow\` block` };
  const value = ir.frontmatter.metadata?.[WORKFLOW_METADATA_KEY];
  if (value === undefined) return undefined;
  if (typeof value === "string") return { text: value, file, what: `metadata.${WORKFLOW_METADATA_KEY}` };
  return { value, file, what: `metadata.${WORKFLOW_METADATA_KEY}` };
}

/** Parses and normalizes an explicit workflow; structural checks (cycles, unknown ids) come after. */
export function parseExplicit(
  source: NonNullable<ReturnType<typeof explicitSource>>,
  parseYaml: (text: string) => unknown,
  bundled: ReadonlySet<string>,
): { workflow?: Workflow; diagnostics: Diagnostic[] } {
  const base = { file: source.file, ...("line" in source && source.line ? { line: source.line } : {}) };
  let value: unknown;
  try {
    value = "value" in source ? source.value : parseYaml(source.text);
  } catch (err) {
    const yamlLine = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const line = "line" in source && source.line && yamlLine ? source.line + yamlLine - 1 : base.line;
    return { diagnostics: [{ code: "WORKFLOW_INVALID", severity: "error", ...base, ...(line ? { line } : {}), message: `${source.what} is not valid YAML: ${(err as Error).message.split("\n")[0]}`, hint: "see the README section on workflow syntax" }] };
  }
  const parsed = AuthorWorkflow.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "(root)";
    return { diagnostics: [{ code: "WORKFLOW_INVALID", severity: "error", ...base, message: `${source.what} field "${field}": ${issue?.message ?? "invalid"}`, hint: "a workflow is {inputs?, nodes: [{id, run, dependsOn?, forEach?}], parallel?}; see the README" }] };
  }
  const { inputs, nodes, parallel } = parsed.data;
  const normalized = nodes.map((n): WorkflowNode => {
    const forEach = typeof n.forEach === "string" ? { over: n.forEach, as: "item" } : n.forEach;
    return {
      id: n.id,
      title: n.title ?? n.id,
      run: toRun(n.run, bundled),
      dependsOn: n.dependsOn,
      ...(forEach ? { forEach } : {}),
      ...(n.timeoutMs ? { timeoutMs: n.timeoutMs } : {}),
      origin: source.what,
    };
  });
  const workflow: Workflow = { source: "explicit", inputs: toInputs(inputs, normalized), nodes: normalized, parallel: parallel ?? [] };
  return { workflow, diagnostics: unknownScripts(normalized, bundled, base) };
}

function toRun(run: AuthorRun, bundled: ReadonlySet<string>): NodeRun {
  if (typeof run === "string") return commandRun(run, bundled);
  if ("script" in run) return { kind: "script", script: run.script.replace(/^\.\//, ""), args: run.args };
  if ("shell" in run) return codeRun("shell", run.shell, bundled);
  if ("python" in run) return codeRun("python", run.python, bundled);
  if ("node" in run) return codeRun("node", run.node, bundled);
  if ("js" in run) return { kind: "js", code: run.js };
  if ("template" in run) return { kind: "template", template: run.template, params: run.params };
  return { kind: "instruction", text: run.instruction };
}

function toInputs(inputs: z.infer<typeof AuthorInputs>, nodes: readonly WorkflowNode[]): WorkflowInput[] {
  const list: WorkflowInput[] = Array.isArray(inputs)
    ? inputs.map((name) => ({ name }))
    : Object.entries(inputs).map(([name, v]) =>
        v === null ? { name } : typeof v === "string" || Array.isArray(v) ? { name, default: v } : { name, ...v },
      );
  // A map over an input the author forgot to declare still needs that input.
  for (const n of nodes) if (n.forEach && !list.some((i) => i.name === n.forEach?.over)) list.push({ name: n.forEach.over });
  return list;
}

function unknownScripts(nodes: readonly WorkflowNode[], bundled: ReadonlySet<string>, base: { file: string; line?: number }): Diagnostic[] {
  return nodes.flatMap((n) =>
    n.run.kind === "script" && !bundled.has(n.run.script)
      ? [{ code: "WORKFLOW_UNKNOWN_SCRIPT", severity: "error" as const, ...base, message: `node "${n.id}" runs "${n.run.script}", which is not a file of the skill`, hint: `bundled scripts: ${[...bundled].filter((p) => p.startsWith("scripts/")).join(", ") || "(none)"}` }]
      : [],
  );
}
