import type { Step } from "../../../skill/ir.js";
import { isDirective } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// follow.procedure (catalogue: L1 a short fixed procedure, L2 steps with a condition that changes
// what comes next, L3 a loop over rounds with state carried). A procedure is a run of numbered
// steps (an ordered list, or "Step N" headings); 3+ steps is L1, 8+ steps or a branch L2, a loop L3.

const MIN_STEPS = 3;
const LONG_STEPS = 8;
const BRANCH = /\b(?:if|unless)\b[^.,;]{3,100},\s*(?:then\s+)?[a-z]|\botherwise\b|\bif\s+(?:not|so|it\s+fails|that\s+fails)\b|\bdepending on\b|\bexit code \d+ means\b/i;
const LOOP = /\brepeat\s+(?:steps?|the (?:process|steps|above|loop|check)|this|these|until|from step)\b|\b(?:go back to step|return to step|back to step|loop (?:until|over|back)|iterate until|until (?:all|every|no|the|it)\b|for each round|keep (?:going|iterating)|start over)\b/i;

export function procedure(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  // A numbered list of themes or questions is not a procedure: most steps must tell the model to act.
  const acting = (run: Step[]) => run.filter((step) => isDirective(step.text.split("\n")[0] ?? "")).length * 2 >= run.length;
  for (const steps of procedures(text.ir.steps).filter(acting)) {
    const first = steps[0] as Step;
    const last = steps.at(-1) as Step;
    const inside = text.sentences.filter((s) => s.lines.some((l) => l.line >= first.startLine && l.line <= last.endLine));
    const firstSentence = inside.find((s) => s.lines.some((l) => l.line === first.startLine));
    if (firstSentence) {
      const level = steps.length >= LONG_STEPS ? 2 : 1;
      findings.push({ id: "follow.procedure", level, evidence: sentenceEvidence(text, firstSentence, 0, `a procedure of ${steps.length} steps`) });
    }
    // Table rows list cases ("anything else | Other"), they do not branch the procedure.
    for (const s of inside.filter((x) => x.kind !== "row")) {
      const loop = LOOP.exec(s.text);
      const branch = BRANCH.exec(s.text);
      if (loop) findings.push({ id: "follow.procedure", level: 3, evidence: sentenceEvidence(text, s, loop.index, "a step that loops back") });
      else if (branch) findings.push({ id: "follow.procedure", level: 2, evidence: sentenceEvidence(text, s, branch.index, "a step whose outcome changes what comes next") });
    }
  }
  return findings;
}

/** Runs of consecutive numbered steps of 3+ (numbering restarts at 1 for a new procedure). */
function procedures(steps: readonly Step[]): Step[][] {
  const runs: Step[][] = [];
  let run: Step[] = [];
  for (const step of steps) {
    const prev = run.at(-1);
    if (prev && step.number === prev.number + 1 && step.startLine > prev.startLine) run.push(step);
    else {
      runs.push(run);
      run = [step];
    }
  }
  runs.push(run);
  return runs.filter((r) => r.length >= MIN_STEPS);
}
