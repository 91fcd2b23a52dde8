import { isAbsolute, resolve } from "node:path";
import { closePool, loadWorkflow, reportText, runWorkflow, skillRunOptions, workflowMermaid, workflowText, WorkflowInputError, WorkflowLoadError, type WorkflowEvent } from "../dag/runtime.js";
import type { InputValues } from "../dag/index.js";
import { runtimeEnvFor } from "../env/index.js";
import { findCompiledSkill, type SkillLookupOptions } from "./skill-lookup.js";

export interface WorkflowCommandOptions extends SkillLookupOptions {
  input: string[];
  json?: boolean;
  policy: "continue" | "cancel";
  cwd?: string;
  concurrency?: number;
}

/** `skvm workflow S --input k=v ...`: runs the skill's DAG with live progress on stderr; exit 1 when a node failed. */
export async function workflowCommand(name: string, opts: WorkflowCommandOptions): Promise<number> {
  const inputs = parseInputs(opts.input);
  if (typeof inputs === "string") return usageError("workflow", inputs);
  const skill = await findCompiledSkill(name, opts);
  if (typeof skill === "string") return usageError("workflow", skill);
  const abort = new AbortController();
  // Ctrl-C cancels the run (process groups killed), then the report still prints.
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  try {
    const workflow = await loadWorkflow(skill);
    const report = await runWorkflow(workflow, {
      ...skillRunOptions(skill),
      cwd: opts.cwd && isAbsolute(opts.cwd) ? opts.cwd : resolve(opts.cwd ?? "."),
      env: { ...runtimeEnvFor(skill), SKVM_SKILL_DIR: skill.dir },
      inputs,
      policy: opts.policy,
      signal: abort.signal,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      onEvent: (e) => process.stderr.write(`${progressLine(e)}\n`),
    });
    process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : reportText(report)}\n`);
    return report.status === "succeeded" ? 0 : 1;
  } catch (err) {
    if (err instanceof WorkflowLoadError || err instanceof WorkflowInputError) return usageError("workflow", err.message);
    throw err;
  } finally {
    process.off("SIGINT", onSigint);
    await closePool();
  }
}

/** `skvm inspect S`: the DAG as text and as Mermaid (`--json`: both plus the workflow itself). */
export async function inspectCommand(name: string, opts: SkillLookupOptions & { json?: boolean }): Promise<number> {
  const skill = await findCompiledSkill(name, opts);
  if (typeof skill === "string") return usageError("inspect", skill);
  try {
    const workflow = await loadWorkflow(skill);
    const mermaid = workflowMermaid(workflow);
    const text = workflowText(skill.name, workflow);
    process.stdout.write(opts.json ? `${JSON.stringify({ skill: skill.name, workflow, text, mermaid }, null, 2)}\n` : `${text}\n\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n`);
    return 0;
  } catch (err) {
    if (err instanceof WorkflowLoadError) return usageError("inspect", err.message);
    throw err;
  }
}

function progressLine(e: WorkflowEvent): string {
  const head = `[${e.done}/${e.total}]`;
  if (e.type === "started") return `${head} ${e.node} started`;
  return `${head} ${e.node} ${e.status}${e.durationMs === undefined ? "" : ` (${e.durationMs} ms)`}`;
}

/** `k=v` pairs; a key given twice becomes a list (for data-parallel steps). */
export function parseInputs(pairs: readonly string[]): InputValues | string {
  const values: InputValues = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) return `--input "${pair}" must look like name=value`;
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const prior = values[key];
    values[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return values;
}

function usageError(command: string, message: string): number {
  process.stderr.write(`skvm ${command}: ${message}\n`);
  return 2;
}
