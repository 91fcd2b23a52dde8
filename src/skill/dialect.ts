import { Code } from "./codes.js";
import type { ParsedFrontmatter } from "./frontmatter.js";
import type { Reporter } from "./reporter.js";
import type { RequirementsBuilder } from "./requirements-builder.js";
import { describe } from "./shape.js";

/** What a harness dialect reader gets: where to add requirements and how to complain about shapes. */
export interface DialectCtx {
  fm: ParsedFrontmatter;
  report: Reporter;
  out: RequirementsBuilder;
}

/**
 * A list of names: a YAML list of strings, or one string of names separated by spaces or commas.
 * Entries that are not strings are dropped with a warning naming `origin`.
 */
export function readNames(value: unknown, origin: string, path: readonly string[], ctx: DialectCtx): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value.split(/[\s,]+/).filter((s) => s !== "");
  if (!Array.isArray(value)) {
    shapeWarning(ctx, path, `${origin} is ${describe(value)}, not a list of names; ignored`);
    return [];
  }
  const names = value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  if (names.length !== value.length) shapeWarning(ctx, path, `${origin} has entries that are not names; they are ignored`);
  return names;
}

export function shapeWarning(ctx: DialectCtx, path: readonly string[], message: string): void {
  ctx.report.warning(Code.REQUIREMENTS_INVALID, message, {
    line: ctx.fm.lineOf(path),
    hint: "OpenClaw: metadata.openclaw.requires.{bins,anyBins,env} are lists of names, install is a list of {kind, formula|package|module, bins}; Hermes: required_environment_variables is a list of names or {name, prompt, optional}",
  });
}
