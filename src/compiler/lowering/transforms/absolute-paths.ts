import { absolutizePaths } from "../../passes/paths/index.js";
import { parseInvocation } from "../../passes/paths/invocation.js";
import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "absolute-paths";
const RUN_SCRIPT_NOTE = "run the bundled script through the server's `run_script`";

/**
 * tool.exec: a model + harness that cannot resolve the skill's relative paths gets them absolute.
 * The paths pass already did this inside code (and added a `run_script` note after each block
 * that runs a script); what is still relative is prose: bare mentions of bundled files, and
 * script runs written as inline code. Those become the skill-dir token (the server fills in the
 * real folder), and an inline script run gets the `run_script` call beside it.
 */
export const absolutePaths: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "tool.exec",
  apply(ctx, gap) {
    const bundled = new Set(ctx.manifest.files.map((f) => f.path));
    return [...proseMentions(ctx, gap, bundled), ...locateEvidence(ctx, gap).flatMap((at) => inlineRuns(ctx, gap, at, bundled))];
  },
  // The paths pass already absolutized each run in code and put the `run_script` call after it.
  inBase: (ctx, gap) => {
    const located = locateEvidence(ctx, gap);
    return located.length > 0 && located.every((at) => ctx.doc.fenceAt(at.index) !== undefined && hasRunScriptNote(ctx, at.index));
  },
};

function hasRunScriptNote(ctx: TransformContext, index: number): boolean {
  return (ctx.doc.lines[ctx.doc.blockEnd(index) + 2] ?? "").includes(RUN_SCRIPT_NOTE);
}

/** Bare relative mentions of bundled files in prose (outside inline code, which the paths pass did). */
function proseMentions(ctx: TransformContext, gap: Gap, bundled: ReadonlySet<string>): Edit[] {
  const edits: Edit[] = [];
  for (let i = ctx.doc.bodyStart; i < ctx.doc.lines.length; i++) {
    if (!ctx.doc.isProse(i) || ctx.doc.isNote(i)) continue;
    for (const segment of proseSegments(ctx.doc.lines[i]!)) {
      const absolute = absolutizePaths(segment, bundled);
      if (absolute !== segment) edits.push({ transform: NAME, gap: gap.id, evidence: gap.evidence, line: i + 1, change: { kind: "replace", from: segment, to: absolute } });
    }
  }
  return edits;
}

/** The parts of a line outside inline code spans (and outside links' URLs, which stay as written). */
function proseSegments(line: string): string[] {
  return line.split(/`[^`]*`|\]\([^)]*\)/).filter((s) => /[A-Za-z]/.test(s));
}

/** Script runs written as inline code on an evidence line, when no `run_script` note is already there. */
function inlineRuns(ctx: TransformContext, gap: Gap, at: Located, bundled: ReadonlySet<string>): Edit[] {
  if (!ctx.doc.isProse(at.index)) return [];
  if (hasRunScriptNote(ctx, at.index)) return [];
  const isBundled = (p: string) => (bundled.has(p) ? p : undefined);
  const calls = [...ctx.doc.lines[at.index]!.matchAll(/`([^`]+)`/g)]
    .map((m) => parseInvocation(m[1]!, isBundled))
    .filter((inv) => inv !== undefined)
    .map((inv) => toolCall("run_script", { skill: ctx.skill, script: inv.script, args: inv.args }));
  if (calls.length === 0) return [];
  return [noteAfter(ctx, NAME, gap, at, `${RUN_SCRIPT_NOTE} tool rather than a shell: ${calls.join("; ")}`)];
}
