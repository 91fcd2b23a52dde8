import { z } from "zod";
import type { Workflow } from "../compiler/index.js";

/** Workflow inputs as callers give them: a string, or a list for data-parallel maps. */
export const InputValues = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type InputValues = z.infer<typeof InputValues>;

export class WorkflowInputError extends Error {
  constructor(
    readonly code: "WORKFLOW_INPUT_UNKNOWN" | "WORKFLOW_INPUT_MISSING",
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The inputs with defaults filled in; unknown names and missing required inputs are errors. */
export function resolveInputs(workflow: Workflow, given: InputValues = {}): InputValues {
  const declared = new Map(workflow.inputs.map((i) => [i.name, i]));
  const unknown = Object.keys(given).filter((k) => !declared.has(k));
  if (unknown.length) {
    throw new WorkflowInputError("WORKFLOW_INPUT_UNKNOWN", `unknown input ${unknown.map((u) => `"${u}"`).join(", ")}; this workflow takes: ${describeInputs(workflow)}`);
  }
  const values: InputValues = {};
  const missing: string[] = [];
  for (const input of workflow.inputs) {
    const value = given[input.name] ?? input.default;
    if (value === undefined) missing.push(input.name);
    else values[input.name] = value;
  }
  if (missing.length) throw new WorkflowInputError("WORKFLOW_INPUT_MISSING", `input ${missing.map((m) => `"${m}"`).join(", ")} has no default and was not given; this workflow takes: ${describeInputs(workflow)}`);
  return values;
}

export const describeInputs = (workflow: Workflow): string =>
  workflow.inputs.map((i) => (i.default === undefined ? i.name : `${i.name} (default ${JSON.stringify(i.default)})`)).join(", ") || "(none)";

/**
 * Arguments with inputs filled in, as argv data: an argument equal to an input's name becomes its
 * value (a list becomes several arguments); `{name}` and `<name>` inside an argument are replaced.
 * Nothing is ever parsed by a shell, so a value with spaces or `;` stays one harmless argument.
 */
export function substituteArgs(args: readonly string[], values: InputValues): string[] {
  return args.flatMap((arg) => {
    const whole = values[arg] ?? values[/^[{<](.+)[}>]$/.exec(arg)?.[1] ?? ""];
    if (whole !== undefined) return Array.isArray(whole) ? whole : [whole];
    return [arg.replace(/[{<]([A-Za-z_][\w.-]*)[}>]/g, (token, name: string) => joined(values[name]) ?? token)];
  });
}

const joined = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(",") : value);

/** Inputs for code nodes, which get them as environment data: SKVM_INPUT_<NAME> and SKVM_INPUTS (JSON). */
export function inputEnv(values: InputValues): Record<string, string> {
  const env: Record<string, string> = { SKVM_INPUTS: JSON.stringify(values) };
  for (const [name, value] of Object.entries(values)) env[`SKVM_INPUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = joined(value) ?? "";
  return env;
}
