import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "checklist";
const STEP = /^\s*(\d+)[.)]\s+(.*)$/;

/**
 * follow.procedure: a skill with a workflow DAG hands the procedure to `run_workflow`; otherwise
 * the numbered procedure at the evidence gets a checklist beside it, one action and one
 * done-when per step, so a model that loses its place in long procedures can tick steps off.
 */
export const checklist: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "follow.procedure",
  apply(ctx, gap) {
    const done = new Set<number>();
    return locateEvidence(ctx, gap).flatMap((at) => {
      if (ctx.manifest.workflow) return [noteAfter(ctx, NAME, gap, at, `these steps are also a workflow: ${toolCall("run_workflow", { skill: ctx.skill })} runs them in order (independent ones in parallel) on the server and reports each step.`)];
      const steps = procedureAround(ctx, at.index);
      if (steps.length < 2 || done.has(steps[0]!.index)) return [];
      done.add(steps[0]!.index);
      return [checklistNote(ctx, gap, { evidence: at.evidence, index: steps.at(-1)!.index }, steps.map((s) => s.text))];
    });
  },
};

/** The numbered list holding (or right after) line `index`: its items' lines and texts. */
function procedureAround(ctx: TransformContext, index: number): { index: number; text: string }[] {
  const { doc } = ctx;
  let start = index;
  while (start < doc.lines.length && start <= index + 3 && !(doc.isProse(start) && STEP.test(doc.lines[start]!))) start++;
  if (!doc.isProse(start) || !STEP.test(doc.lines[start] ?? "")) return [];
  while (start > doc.bodyStart && isStepOrContinuation(ctx, start - 1)) start--;
  const steps: { index: number; text: string }[] = [];
  for (let i = start; i < doc.lines.length && isStepOrContinuation(ctx, i); i++) {
    const step = STEP.exec(doc.lines[i]!);
    if (step && doc.isProse(i)) steps.push({ index: doc.blockEnd(i), text: step[2]! });
  }
  return steps;
}

/** A numbered item, or a line inside one (indented text, its code, blank lines between items). */
function isStepOrContinuation(ctx: TransformContext, i: number): boolean {
  const line = ctx.doc.lines[i];
  if (line === undefined || i < ctx.doc.bodyStart) return false;
  if (STEP.test(line) || ctx.doc.fenceAt(i) || /^\s{2,}\S/.test(line)) return true;
  return line.trim() === "" && STEP.test(ctx.doc.lines[i + 1] ?? "");
}

function checklistNote(ctx: TransformContext, gap: Gap, at: Located, steps: readonly string[]): Edit {
  const items = steps.map((text, n) => `> ${n + 1}. [ ] ${action(text)} (done when ${doneWhen(text)})`);
  return noteAfter(ctx, NAME, gap, at, "work through this checklist one step at a time; tick a step only when its done-when holds:", items);
}

/** The step's first sentence, without emphasis, short enough for a checklist line. */
function action(text: string): string {
  const sentence = text.replace(/[*_]{1,2}/g, "").split(/(?<=[.!?])\s/)[0]!.trim();
  return sentence.length > 100 ? `${sentence.slice(0, 97)}...` : sentence;
}

/** What shows the step is done: the file it writes, the command it runs, or a stated result. */
function doneWhen(text: string): string {
  const file = /\b(?:save|write|create|output|export)s?\b[^.`]*?(?:to|as)?\s*`([^`\s]+\.[A-Za-z0-9]+)`/i.exec(text);
  if (file) return `\`${file[1]}\` exists`;
  if (/`[^`]+`/.test(text) || /\brun\b/i.test(text)) return "its command exits 0";
  return "you can state its result in one line";
}
