import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "inline-references";

/**
 * tool.file.read: a short bundled file the instructions send the model to is inlined beside the
 * mention (the model need not read it); a longer one gets the exact `read_skill_file` call.
 */
export const inlineReferences: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "tool.file.read",
  apply(ctx, gap) {
    const inlined = new Set<string>();
    return locateEvidence(ctx, gap).flatMap((at) => mentionedFiles(ctx, at.index).flatMap((path) => {
      if (inlined.has(path)) return [];
      inlined.add(path);
      return [lowerRead(ctx, gap, at, path)];
    }));
  },
};

/** Bundled, non-script files named on the line (longest paths first, each once). */
function mentionedFiles(ctx: TransformContext, index: number): string[] {
  const line = ctx.doc.lines[index] ?? "";
  return ctx.manifest.files
    .filter((f) => !f.binary && f.kind !== "script" && line.includes(f.path))
    .map((f) => f.path);
}

function lowerRead(ctx: TransformContext, gap: Gap, at: Located, path: string): Edit {
  const text = ctx.shortFiles[path];
  if (text === undefined) return noteAfter(ctx, NAME, gap, at, `read \`${path}\` with ${toolCall("read_skill_file", { skill: ctx.skill, path })} before going on.`);
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return noteAfter(ctx, NAME, gap, at, `\`${path}\` is short; here it is, so you need not read it:`, ["", `${fence}${path.endsWith(".md") ? "markdown" : ""}`, ...body.split("\n"), fence]);
}

const longestBacktickRun = (text: string): number => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
