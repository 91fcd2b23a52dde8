import type { Evidence, Gap } from "../../capability/contract.js";
import type { Manifest } from "../../manifest.js";
import type { SkillDocument } from "../document.js";
import type { Edit } from "../edit.js";

/** What a transform may read: the base document and facts of the compiled skill. All pure data. */
export interface TransformContext {
  skill: string;
  /** `SKILL.md` or `skill.md`, as evidence names it. */
  entry: string;
  doc: SkillDocument;
  manifest: Pick<Manifest, "files" | "scripts" | "templates" | "workflow">;
  /** Bundled text files short enough to inline, by path. */
  shortFiles: Readonly<Record<string, string>>;
}

/** An evidence item with the base line (0-based) it points at. */
export interface Located {
  evidence: Evidence;
  index: number;
}

/**
 * A lowering transform: a pure function from one gap to the edits that lower its demand. It may
 * return no edit (nothing it knows how to lower there); it never edits fenced code.
 */
export interface Transform {
  readonly name: string;
  /** The primitives whose gaps it serves. */
  serves(primitive: string): boolean;
  apply(ctx: TransformContext, gap: Gap): Edit[];
  /** True when the base artifact already lowers this gap everywhere (a pass that runs for every model did it). */
  inBase?(ctx: TransformContext, gap: Gap): boolean;
}

/** The gap's SKILL.md evidence, each at its base line; evidence in other files or not found is left out. */
export function locateEvidence(ctx: TransformContext, gap: Gap): Located[] {
  const seen = new Set<number>();
  const out: Located[] = [];
  for (const evidence of gap.evidence) {
    const index = ctx.doc.locate(evidence, ctx.entry);
    if (index === undefined || seen.has(index)) continue;
    seen.add(index);
    out.push({ evidence, index });
  }
  return out;
}

/**
 * A note after the block holding `at`, in the skvm voice the paths pass uses, indented to stay
 * in the same list item. `lines` after the first are extra note lines (a fenced block may follow).
 */
export function noteAfter(ctx: TransformContext, transform: string, gap: Gap, at: Located, text: string, extra: readonly string[] = []): Edit {
  const end = ctx.doc.blockEnd(at.index);
  const indent = ctx.doc.indentFor(at.index);
  const lines = [`> **skvm (${gap.id}):** ${text}`, ...extra].map((l) => (l ? `${indent}${l}` : l));
  return { transform, gap: gap.id, evidence: [at.evidence], line: end + 1, change: { kind: "insert", text: lines.join("\n") } };
}

/** A JSON object for a tool call, as the notes show it: `run_script` {"skill": ...}. */
export const toolCall = (tool: string, args: Record<string, unknown>): string => `\`${tool}\` \`${JSON.stringify(args)}\``;
