import type { CodeBlock } from "../../../skill/ir.js";
import { isDirective, negatedBefore } from "../directive.js";
import { blockEvidence, sentenceEvidence, type Finding } from "../finding.js";
import type { Sentence, SkillText } from "../skill-text.js";

// gen.text.structured: output the model itself must produce as JSON or YAML. With a shape to
// follow (an example block right after the ask, or a schema/fields named) it is L2 (nested data
// following a schema); a shape of 40+ lines is L3 (a large exact document). A bare "respond in
// JSON" is L1. JSON mentioned in passing ("the script prints JSON") demands nothing.

const OUTPUT_VERB = /\b(?:output|return|respond|reply|answer|produce|emit|print|write|format|generate|give|save|create|provide|build|fill in|structure)\b/i;
// Not a file name (`stats.json`) nor inside inline code (`--to json`): those name files and flags.
const FORMAT = /(?<![.\w/-])(json|yaml|yml)\b(?!\.\w)/i;
/** Verb and format word within this many characters, no parenthesis between: one clause. */
const CLAUSE_CHARS = 50;
const SHAPE_WORDS = /\b(?:schema|(?:following|these|this|the)\s+(?:fields|keys|shape|structure|format|properties)|with\s+(?:the\s+)?(?:keys|fields|properties)|like\s+this|as\s+follows|example)\b|:\s*$/i;
const SHAPE_LANGS: ReadonlySet<string> = new Set(["json", "jsonc", "json5", "yaml", "yml"]);
/** How far below the ask an example block may start and still be its shape. */
const NEAR_LINES = 12;
const LARGE_SHAPE_LINES = 40;

export function structuredOutput(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of text.sentences) {
    const plain = s.text.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
    const verb = OUTPUT_VERB.exec(plain);
    if (!verb) continue;
    const clause = plain.slice(verb.index, verb.index + CLAUSE_CHARS).split("(")[0] ?? "";
    const format = FORMAT.exec(clause);
    if (!format || !isDirective(s.text) || negatedBefore(s.text, verb.index)) continue;
    // "Read the JSON", "parse the YAML": reading is not producing.
    if (/\b(?:read|parse|load|open|inspect|query)\b[^.]{0,20}$/i.test(s.text.slice(0, verb.index + (format.index ?? 0)))) continue;
    const at = verb.index;
    const shape = shapeBlock(text, s);
    if (shape) {
      const level = shape.code.split("\n").length >= LARGE_SHAPE_LINES ? 3 : 2;
      findings.push({ id: "gen.text.structured", level, evidence: sentenceEvidence(text, s, at, `asks for ${format[1]?.toUpperCase()} output of the shape shown below`) });
      findings.push({ id: "gen.text.structured", level, evidence: blockEvidence(text, shape, 0, level === 3 ? "a large output shape to reproduce exactly" : "the output shape the model must follow") });
    } else if (SHAPE_WORDS.test(s.text)) {
      findings.push({ id: "gen.text.structured", level: 2, evidence: sentenceEvidence(text, s, at, `asks for ${format[1]?.toUpperCase()} output with given fields`) });
    } else {
      findings.push({ id: "gen.text.structured", level: 1, evidence: sentenceEvidence(text, s, at, `asks for ${format[1]?.toUpperCase()} output`) });
    }
  }
  return findings;
}

/** A JSON/YAML block starting within a few lines after the sentence, in the same section. */
function shapeBlock(text: SkillText, s: Sentence): CodeBlock | undefined {
  const last = s.lines.at(-1)?.line ?? 0;
  return text.blocks.find((b) => SHAPE_LANGS.has(b.lang) && b.startLine > last && b.startLine <= last + NEAR_LINES && !text.sentences.some((h) => h.kind === "heading" && h.lines[0]!.line > last && h.lines[0]!.line < b.startLine));
}
