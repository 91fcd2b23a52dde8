import type { SkillIR } from "../../../skill/ir.js";

/** What the prose of the procedure's section says about the order of its steps. */
export interface ProseEvidence {
  /** Steps the prose calls independent, with the sentence that says so. */
  independent: Map<number, Quote>;
  /** Steps the prose says wait for others ("the last step needs all three outputs"). */
  waits: { step: number; on: number[]; quote: Quote }[];
}

export interface Quote {
  text: string;
  line: number;
}

const INDEPENDENCE = /\b(independent(ly)?|in parallel|concurrently|at the same time|in any order|only reads?|only needs?|do(es)? not (depend|need|read)|don'?t (depend|need|read)|none of them reads?)\b/i;
const DEPENDENCE = /\b(needs?|uses?|reads?|waits? for|depends? on|requires?|combines?|merges?|joins?|after|once|takes?)\b/i;
const LEADING_AFTER = /^\s*(after|once)\b/i;
/** `step 2`, `steps 1 to 3`, `steps 1-3`, `steps 2, 3 and 4`, `the last step`, `the first step`. */
const STEP_REF = /\b(?:steps?\s+(\d+(?:\s*(?:,|and|&|or|to|through|-|–)\s*\d+)*)|the\s+(last|final|first)\s+step)\b/gi;
/** "all three outputs", "all the previous steps", "all of them": every step before the subject. */
const ALL_BEFORE = /\ball\s+(?:(?:the|of the|of them|three|two|four|five|\d+)\s*)*(?:previous|earlier|other|preceding)?\s*(?:steps|outputs|results|files|of them)\b/i;

/**
 * Reads the procedure's whole section (text after the numbered list too) sentence by sentence:
 * a sentence naming steps and saying they are independent marks them so; one naming a step that
 * needs others ("step 4 waits for steps 1 to 3", "the last step needs all three outputs") is an
 * edge. Sentences that say neither are not evidence.
 */
export function proseEvidence(ir: SkillIR, section: string, numbers: readonly number[]): ProseEvidence {
  const evidence: ProseEvidence = { independent: new Map(), waits: [] };
  if (numbers.length === 0) return evidence;
  for (const quote of sentences(ir, section)) {
    const refs = stepRefs(quote.text, numbers);
    if (refs.length === 0) continue;
    if (INDEPENDENCE.test(quote.text)) {
      if (refs.length > 1) for (const n of refs) evidence.independent.set(n, quote);
      continue;
    }
    if (!DEPENDENCE.test(quote.text)) continue;
    const edge = waitEdge(quote.text, refs, numbers);
    if (edge) evidence.waits.push({ ...edge, quote });
  }
  return evidence;
}

/** Subject and objects of a dependence sentence: "after X, Y" puts Y after X; otherwise the first step named waits for the rest. */
function waitEdge(text: string, refs: readonly number[], numbers: readonly number[]): { step: number; on: number[] } | undefined {
  if (LEADING_AFTER.test(text)) {
    const [head, tail] = text.split(/,(.*)/s);
    const on = stepRefs(head ?? "", numbers);
    const step = stepRefs(tail ?? "", numbers)[0];
    return step !== undefined && on.length ? { step, on: on.filter((n) => n < step) } : undefined;
  }
  const [step, ...rest] = refs;
  if (step === undefined) return undefined;
  const on = ALL_BEFORE.test(text) ? numbers.filter((n) => n < step) : rest.filter((n) => n < step);
  return on.length ? { step, on } : undefined;
}

/** Step numbers a sentence names, in the order it names them. */
export function stepRefs(text: string, numbers: readonly number[]): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(STEP_REF)) {
    if (m[2]) {
      const which = m[2].toLowerCase();
      const n = which === "first" ? numbers[0] : numbers.at(-1);
      if (n !== undefined) found.push(n);
      continue;
    }
    for (const part of (m[1] ?? "").split(/\s*(?:,|and|&|or)\s*/)) {
      const range = /^(\d+)\s*(?:to|through|-|–)\s*(\d+)$/.exec(part);
      if (range) for (let n = Number(range[1]); n <= Number(range[2]) && n - Number(range[1]) < 100; n++) found.push(n);
      else if (/^\d+$/.test(part)) found.push(Number(part));
    }
  }
  return [...new Set(found)].filter((n) => numbers.includes(n));
}

/** Prose sentences of a section (code blocks left out), each with its SKILL.md line. */
function sentences(ir: SkillIR, heading: string): Quote[] {
  const at = ir.sections.findIndex((s) => s.heading === heading);
  const section = ir.sections[at];
  if (!section) return [];
  const next = ir.sections.slice(at + 1).find((s) => s.depth <= section.depth);
  const lines = ir.body.split("\n");
  const out: Quote[] = [];
  let fenced = false;
  let paragraph: Quote | undefined;
  const flush = () => {
    if (paragraph) out.push(...splitSentences(paragraph));
    paragraph = undefined;
  };
  for (let line = section.startLine + 1; line < (next?.startLine ?? Number.MAX_SAFE_INTEGER); line++) {
    const text = lines[line - ir.bodyStartLine];
    if (text === undefined) break;
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      flush();
      continue;
    }
    if (fenced || text.trim() === "" || /^\s*(#|\d+[.)]\s|[-*+]\s)/.test(text)) flush();
    if (fenced || text.trim() === "") continue;
    const clean = text.replace(/^\s*(#+|\d+[.)]|[-*+])\s*/, "").trim();
    paragraph = paragraph ? { ...paragraph, text: `${paragraph.text} ${clean}` } : { text: clean, line };
  }
  flush();
  return out;
}

const splitSentences = (q: Quote): Quote[] => q.text.split(/(?<=[.!?;])\s+(?=[A-Z`"(])/).map((text) => ({ text: text.trim(), line: q.line }));
