import { aboutThing, isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// reason.arithmetic (catalogue: L1 one operation, L2 a multi-step problem such as discount then
// tax, L3 compound growth with rounding rules): computations the model is asked to do itself.
// A script that computes is not the model's arithmetic.

const COMPUTE = /\b(?:compute|calculate|work out|add up|sum(?: up)?|total|multiply|divide|average|convert|estimate)\b/i;
const QUANTITY = /\b(?:totals?|sums?|averages?|means?|medians?|percent(?:age)?s?|ratios?|rates?|differences?|prices?|costs?|tax(?:es)?|discounts?|interest|growth|amounts?|scores?|margins?|budgets?|durations?|area|distances?|\d[\d.,]*\s*%)\b|%/i;
const MULTI_STEP = /\b(?:tax(?:es)?|vat|discounts?|percent(?:age)?|margins?|interest|exchange rate|weighted|then (?:add|subtract|apply|multiply|divide))\b|%/i;
const COMPOUND = /\bcompound\w*|\bamortiz\w*|\bannuali[sz]ed\b|\bcagr\b|\brounding\b|\bround (?:to|half|up|down)\b/i;

export function arithmetic(text: SkillText): Finding[] {
  return text.sentences.flatMap((s): Finding[] => {
    const op = COMPUTE.exec(s.text);
    if (!op || !QUANTITY.test(s.text.slice(op.index)) || !isDirective(s.text) || aboutThing(s.text)) return [];
    if (/\bscripts?\b|\bcode\b|\bprogram\b/i.test(s.text) || negatedBefore(s.text, op.index)) return [];
    const level = COMPOUND.test(s.text) ? 3 : MULTI_STEP.test(s.text) ? 2 : 1;
    const why = level === 3 ? "asks for compounding or rounding rules computed exactly" : level === 2 ? "asks for a multi-step calculation" : "asks the model to compute a value";
    return [{ id: "reason.arithmetic", level, evidence: sentenceEvidence(text, s, op.index, why) }];
  });
}
