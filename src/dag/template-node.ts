import { join } from "node:path";
import type { NodeRun } from "../compiler/index.js";
import { runCode, type RunResult } from "../exec/index.js";
import { checkParams, programArgs, TemplateCallError, type ParamValue, type Template } from "../jit/index.js";
import { inputEnv, substituteArgs, type InputValues } from "./inputs.js";

/** A compiled skill's JIT templates and where their programs are. */
export interface SkillTemplates {
  compiledDir: string;
  templates: readonly Template[];
}

type TemplateRun = Extract<NodeRun, { kind: "template" }>;

interface TemplateContext {
  cwd: string;
  env: Record<string, string>;
  templates?: SkillTemplates;
  signal: AbortSignal;
}

/**
 * Runs a `template` node: the template's canonical program with the node's parameters (inputs
 * filled in, then checked against the template's parameter types), as its direct tool would.
 * Resolves with the process result, or with the reason it could not start.
 */
export async function runTemplate(run: TemplateRun, ctx: TemplateContext, inputs: InputValues, timeoutMs: number): Promise<RunResult | string> {
  const template = ctx.templates?.templates.find((t) => t.id === run.template);
  if (!ctx.templates || !template) return `WORKFLOW_UNKNOWN_TEMPLATE: ${unknownTemplate(run.template, ctx.templates?.templates ?? [])}`;
  let values: Record<string, ParamValue>;
  try {
    values = checkParams(template, Object.fromEntries(Object.entries(run.params).map(([name, value]) => [name, fill(value, inputs)])));
  } catch (err) {
    if (err instanceof TemplateCallError) return err.message;
    throw err;
  }
  const full = Object.fromEntries(template.params.map((p) => [p.name, values[p.name] ?? p.default]));
  return runCode(
    {
      lang: template.lang,
      program: join(ctx.templates.compiledDir, template.file),
      args: programArgs(template.lang, template.params, full),
      cwd: ctx.cwd,
      env: { ...ctx.env, ...inputEnv(inputs) },
      timeoutMs,
    },
    { signal: ctx.signal },
  );
}

/** `template "x" is not one of the skill's templates (a, b)`: shared by the loader and the runner. */
export const unknownTemplate = (id: string, templates: readonly Template[]): string =>
  `template "${id}" is not one of the skill's templates (${templates.map((t) => t.id).join(", ") || "it has none"})`;

/** Inputs into a parameter as into script arguments; a placeholder of a list input makes the value a list. */
function fill(value: ParamValue, inputs: InputValues): ParamValue {
  if (Array.isArray(value)) return value.flatMap((v): (string | number | boolean)[] => (typeof v === "string" ? substituteArgs([v], inputs) : [v]));
  if (typeof value !== "string") return value;
  const whole = inputs[/^[{<](.+)[}>]$/.exec(value)?.[1] ?? value];
  return Array.isArray(whole) ? whole : (substituteArgs([value], inputs)[0] ?? value);
}
