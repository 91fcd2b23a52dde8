import { isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// gen.text.long (catalogue: L2 a multi-section document, L3 a long reference document with a
// matching table of contents). Asked for by a word count of 1000+, a "comprehensive report", or
// an outline of 5+ required sections; 3000+ words, 10+ sections or a table of contents is L3.
// The word "report" in passing asks for nothing.

const WORD_COUNT = /\b(?:at least|minimum of|no (?:fewer|less) than|over|more than)\s+(\d{1,3}(?:,\d{3})+|\d+)\s+words\b/i;
const LONG_DOC = /\b(?:comprehensive|in-depth|detailed|thorough|exhaustive|full-length|long-form|extensive)\s+(?:\w+\s+){0,2}?(?:report|document|analysis|write-?up|guide|review|documentation|white ?paper|paper|article|essay|assessment|audit)s?\b/i;
const SECTIONS_ASK = /\b(?:include|contain|have|cover|with|use|follow|has)\b[^.]{0,40}\b(?:sections?|headings?|chapters?|parts)\b/i;
const TOC = /\btable of contents\b/i;
const LONG_WORDS = 1000;
const VERY_LONG_WORDS = 3000;
const MANY_SECTIONS = 5;
const VERY_MANY_SECTIONS = 10;

export function longText(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  text.sentences.forEach((s, i) => {
    const count = WORD_COUNT.exec(s.text);
    const words = count ? Number((count[1] ?? "").replace(/,/g, "")) : 0;
    if (count && words >= LONG_WORDS && !negatedBefore(s.text, count.index)) {
      findings.push({ id: "gen.text.long", level: words >= VERY_LONG_WORDS ? 3 : 2, evidence: sentenceEvidence(text, s, count.index, `asks for at least ${words} words`) });
    }
    if (!isDirective(s.text)) return;
    const doc = LONG_DOC.exec(s.text);
    if (doc && !negatedBefore(s.text, doc.index)) {
      findings.push({ id: "gen.text.long", level: 2, evidence: sentenceEvidence(text, s, doc.index, `asks for a ${doc[0].toLowerCase()}`) });
    }
    const toc = TOC.exec(s.text);
    if (toc && /\b(?:write|produce|generate|create|include|add)\b/i.test(s.text)) {
      findings.push({ id: "gen.text.long", level: 3, evidence: sentenceEvidence(text, s, toc.index, "a long document with a table of contents") });
    }
    const ask = SECTIONS_ASK.exec(s.text);
    if (!ask) return;
    const sections = listAfter(text, i);
    if (sections < MANY_SECTIONS) return;
    const level = sections >= VERY_MANY_SECTIONS ? 3 : 2;
    findings.push({ id: "gen.text.long", level, evidence: sentenceEvidence(text, s, ask.index, `asks for a document with ${sections} required sections`) });
  });
  findings.push(...templateOutlines(text));
  return findings;
}

/** Items of the list right after sentence i (its outline); 0 when none follows. */
function listAfter(text: SkillText, i: number): number {
  const last = text.sentences[i]?.lines.at(-1)?.line ?? 0;
  let count = 0;
  let expect = last + 1;
  for (const s of text.sentences.slice(i + 1)) {
    const first = s.lines[0]?.line ?? 0;
    if (s.kind !== "item" || first > expect + 1) break;
    if (first >= expect) count++;
    expect = (s.lines.at(-1)?.line ?? first) + 1;
  }
  return count;
}

/** A Markdown template block of 5+ headings: the outline the output must follow. */
function templateOutlines(text: SkillText): Finding[] {
  return text.blocks.flatMap((b): Finding[] => {
    if (!["markdown", "md", ""].includes(b.lang)) return [];
    const headings = b.code.split("\n").flatMap((l, i) => (/^#{1,6}\s+\S/.test(l) ? [i] : []));
    if (headings.length < MANY_SECTIONS) return [];
    const level = headings.length >= VERY_MANY_SECTIONS ? 3 : 2;
    const line = b.startLine + 1 + (headings[0] ?? 0);
    return [{ id: "gen.text.long", level, evidence: { file: text.entry, line, text: b.code.split("\n")[headings[0] ?? 0] ?? "", why: `an output template with ${headings.length} sections` } }];
  });
}
