import type { CodeBlock, SkillIR, Step } from "../../../skill/ir.js";

/** A step of the skill's main procedure, with its code blocks resolved. */
export interface WorkflowStep {
  number: number;
  /** Heading of the section the procedure is in. */
  section: string;
  title: string;
  text: string;
  startLine: number;
  blocks: CodeBlock[];
}

const WORKFLOW_SECTION = /\b(workflow|steps|procedure|pipeline)\b/i;
// A section that is itself a numbered step ("Step 4: Review") holds sub-steps, not the procedure.
const STEP_HEADING = /^(step\s*\d|\d+[.)]\s)/i;
// "Step 2, column statistics (...):" leading a code block that no list item or heading owns.
const STEP_PARAGRAPH = /^step\s+(\d+)\b[\s,:.)\-\u2013\u2014]*([\s\S]*)$/i;

/**
 * The skill's main procedure: of the groups of steps (one per section), the one in a section
 * named like a workflow, else the one with the most code; plus code blocks inside its span that
 * a "Step N ..." paragraph introduces (authors number sub-steps in prose under one heading).
 */
export function workflowSteps(ir: SkillIR): WorkflowStep[] {
  const groups = new Map<string, Step[]>();
  for (const step of ir.steps) groups.set(step.section, [...(groups.get(step.section) ?? []), step]);
  const best = [...groups.entries()]
    .map(([section, steps]) => ({ section, steps, score: score(section, steps) }))
    .sort((a, b) => b.score - a.score)[0];
  if (!best) return [];
  const blockById = new Map(ir.codeBlocks.map((b) => [b.id, b]));
  const steps = best.steps.map((s) => ({
    number: s.number,
    section: best.section,
    title: firstLine(s.text),
    text: s.text,
    startLine: s.startLine,
    blocks: s.codeBlockIds.flatMap((id) => blockById.get(id) ?? []),
  }));
  const from = Math.min(...best.steps.map((s) => s.startLine));
  const to = Math.max(...best.steps.map((s) => s.endLine));
  const owned = new Set(ir.steps.flatMap((s) => s.codeBlockIds));
  const extra = ir.codeBlocks
    .filter((b) => !owned.has(b.id) && b.startLine > from && b.endLine <= to)
    .flatMap((b) => paragraphStep(ir, b, best.section));
  return [...steps, ...extra].sort((a, b) => a.startLine - b.startLine);
}

function score(section: string, steps: readonly Step[]): number {
  const withCode = steps.filter((s) => s.codeBlockIds.length > 0).length;
  const named = WORKFLOW_SECTION.test(section) && !STEP_HEADING.test(section);
  return (named ? 1000 : 0) + withCode * 10 + steps.length;
}

function paragraphStep(ir: SkillIR, block: CodeBlock, section: string): WorkflowStep[] {
  const text = paragraphBefore(ir, block.startLine);
  const m = STEP_PARAGRAPH.exec(text);
  if (!m) return [];
  const rest = (m[2] ?? "").replace(/\s+/g, " ").trim();
  return [{ number: Number(m[1]), section, title: rest.replace(/\s*\(.*$/, "").replace(/[:.]\s*$/, "") || `Step ${m[1]}`, text: rest, startLine: block.startLine, blocks: [block] }];
}

/** The paragraph right above a SKILL.md line (blank lines skipped), joined into one line. */
function paragraphBefore(ir: SkillIR, line: number): string {
  const lines = ir.body.split("\n");
  let i = line - ir.bodyStartLine - 1;
  while (i >= 0 && (lines[i] ?? "").trim() === "") i--;
  const para: string[] = [];
  while (i >= 0 && (lines[i] ?? "").trim() !== "" && !/^\s*(#|```|~~~)/.test(lines[i] ?? "")) para.unshift(lines[i--] ?? "");
  return para.join(" ").trim();
}

const firstLine = (text: string): string => {
  const line = text.split("\n")[0]?.trim() ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};
