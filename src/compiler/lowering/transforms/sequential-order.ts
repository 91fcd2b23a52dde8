import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "sequential-order";
/** Parallel asks in prose and the sequential words that replace them. */
const PARALLEL_PHRASES: readonly [RegExp, string][] = [
  [/\bin parallel\b/i, "one after another"],
  [/\bconcurrently\b/i, "one after another"],
  [/\bsimultaneously\b/i, "one after another"],
  [/\bat the same time\b/i, "one at a time"],
];

/**
 * tool.call.batch and follow.delegation: parallel calls and sub-agents are asks the model cannot
 * meet. A skill with a workflow DAG hands the parallel part to `run_workflow` (the server fans it
 * out); otherwise the ask becomes a sequential order: the parallel words are replaced in the
 * prose and a note says to do the tasks one at a time, without sub-agents.
 */
export const sequentialOrder: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "tool.call.batch" || primitive === "follow.delegation",
  apply(ctx, gap) {
    return locateEvidence(ctx, gap).flatMap((at) => {
      if (!ctx.doc.isProse(at.index)) return [];
      if (ctx.manifest.workflow) return [noteAfter(ctx, NAME, gap, at, `call ${toolCall("run_workflow", { skill: ctx.skill })} once instead: the server runs the parallel part itself and reports each step.`)];
      return [...rewordParallel(ctx, gap, at), noteAfter(ctx, NAME, gap, at, sequentialText(gap))];
    });
  },
};

function sequentialText(gap: Gap): string {
  return gap.id === "follow.delegation"
    ? "do not spawn sub-agents or tasks: do each part yourself, one after another, in the order listed, finishing one before starting the next."
    : "make one tool call at a time, in the order listed, and wait for each result before the next call.";
}

function rewordParallel(ctx: TransformContext, gap: Gap, at: Located): Edit[] {
  const line = ctx.doc.lines[at.index]!;
  const prose = line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
  for (const [phrase, sequential] of PARALLEL_PHRASES) {
    const match = phrase.exec(prose);
    if (match) return [{ transform: NAME, gap: gap.id, evidence: [at.evidence], line: at.index + 1, change: { kind: "replace", from: line.slice(match.index, match.index + match[0].length), to: sequential } }];
  }
  return [];
}
