import { isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { Sentence, SkillText } from "../skill-text.js";

// Rules on the model's own answer. follow.format (catalogue: L1 an exact line format, L2 raw
// output of a schema with nothing else, L3 several format rules at once); follow.constraint (L1
// one hard constraint, L2 four at once, L3 more); follow.style (L1 a register such as formal, L2
// an audience to write for, L3 a register kept throughout a long text).

const FORMAT_ASK = /\b(?:use|follow)\s+(?:exactly\s+)?(?:this|the following|the same|that)\s+(?:output\s+|response\s+|answer\s+)?(?:format|template|structure|layout)\b|\bformat\s+(?:your|the|each)\s+(?:answer|response|output|reply|message|summary)\b|\b(?:respond|reply|answer|output)\b[^.]{0,30}\bin (?:the|this) (?:exact )?(?:format|form)\b|\bexactly\s+(?:one|two|three|four|five|\d+)\s+(?:lines?|bullets?|bullet points?|items?|paragraphs?|rows?)\b/i;
// Said of the answer: "respond with only the JSON", "return the value and nothing else".
const FORMAT_ONLY = /\b(?:output|respond|reply|return|answer|print)\b(?:\s+with)?\s+only\s+(?:the\s+|a\s+|an\s+|one\s+|valid\s+|raw\s+)*(?:json|yaml|answer|result|value|number|list|object|code|csv|markdown|table)\b|\b(?:output|respond|reply|return|answer|print)\b[^.]{0,60}\b(?:and nothing else|no other text|no (?:prose|explanations?|commentary|preamble))\b|\b(?:without|no) (?:markdown |code )?fences\b|\braw json\b/i;
const FORMAT_STRICT = /\bsorted keys\b|\bkeys (?:sorted|in alphabetical order)\b|\b\d+ bytes\b|\b(?:lower|upper)case keys\b|\bISO[- ]?8601\b/i;

const CONSTRAINT = /\b(?:at most|no more than|fewer than|under|maximum of|max(?:imum)?|up to|limit(?:ed)? to|exactly|at least)\s+\d+\s+(?:words?|characters?|chars|sentences?|lines?|bullets?|items?|paragraphs?|tokens?|bytes)\b|\bmust\s+(?:not\s+)?(?:include|contain|mention|start with|begin with|end with)\b|\b(?:never|do not|don't)\s+(?:use|mention|include|say)\s+(?:the\s+)?(?:words?|phrases?|terms?)\b|\bforbidden (?:words?|terms?|phrases?)\b|\b(?:start|begin|end)\s+(?:each|every|the)\s+\w+\s+with\b/i;
const MANY_CONSTRAINTS = 4;
const TOO_MANY_CONSTRAINTS = 6;

const STYLE = /\b(?:tone|voice|register)\b|\bformal\b|\bno contractions\b|\b(?:first|second|third)[- ]person\b|\bplain (?:english|language)\b|\bavoid jargon\b|\b(?:active|passive) voice\b|\bbe (?:concise|brief|friendly|professional|neutral|objective)\b|\b(?:concise|professional|friendly|neutral|objective|conversational|academic) (?:tone|style|language|prose)\b/i;
const AUDIENCE = /\bfor (?:a |an )?(?:young )?(?:child(?:ren)?|kids|beginners?|novices?|non-technical (?:\w+ )?(?:readers?|audiences?|users?|people|stakeholders)|lay(?:person|people| readers| audience)|executives?)\b|\bavoid jargon\b|\bplain (?:english|language)\b/i;
const THROUGHOUT = /\bthroughout\b|\bin every (?:paragraph|section)\b|\bconsistent(?:ly)?\b|\bin character\b|\bpersona\b/i;

export function outputRules(text: SkillText): Finding[] {
  return [...formatRules(text), ...constraintRules(text), ...styleRules(text)];
}

const directives = (text: SkillText): Sentence[] => text.sentences.filter((s) => isDirective(s.text));

function formatRules(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of directives(text)) {
    const strict = FORMAT_STRICT.exec(s.text);
    const only = FORMAT_ONLY.exec(s.text);
    const ask = FORMAT_ASK.exec(s.text);
    if (strict && (only || ask)) findings.push({ id: "follow.format", level: 3, evidence: sentenceEvidence(text, s, strict.index, "several exact format rules at once") });
    else if (only && !negatedBefore(s.text, only.index)) findings.push({ id: "follow.format", level: 2, evidence: sentenceEvidence(text, s, only.index, "the answer must be the output alone, nothing else") });
    else if (ask && !negatedBefore(s.text, ask.index)) findings.push({ id: "follow.format", level: 1, evidence: sentenceEvidence(text, s, ask.index, "the answer must follow a given format") });
  }
  return findings;
}

function constraintRules(text: SkillText): Finding[] {
  const found = directives(text).flatMap((s) => {
    const m = CONSTRAINT.exec(s.text);
    return m ? [{ s, at: m.index }] : [];
  });
  // The level counts constraints on one output: the most any one section sets.
  const perSection = new Map<string, number>();
  for (const { s } of found) perSection.set(s.section, (perSection.get(s.section) ?? 0) + 1);
  return found.map(({ s, at }): Finding => {
    const n = perSection.get(s.section) ?? 1;
    const level = n >= TOO_MANY_CONSTRAINTS ? 3 : n >= MANY_CONSTRAINTS ? 2 : 1;
    return { id: "follow.constraint", level, evidence: sentenceEvidence(text, s, at, n > 1 ? `one of ${n} hard constraints on the output` : "a hard constraint on the output") };
  });
}

function styleRules(text: SkillText): Finding[] {
  return directives(text).flatMap((s): Finding[] => {
    const m = STYLE.exec(s.text) ?? AUDIENCE.exec(s.text);
    if (!m || negatedBefore(s.text, m.index) && !/\bno contractions\b/i.test(m[0])) return [];
    const level = THROUGHOUT.test(s.text) ? 3 : AUDIENCE.test(s.text) ? 2 : 1;
    const why = level === 3 ? "a register to keep throughout" : level === 2 ? "writing adapted to an audience" : "a required voice or register";
    return [{ id: "follow.style", level, evidence: sentenceEvidence(text, s, m.index, why) }];
  });
}
