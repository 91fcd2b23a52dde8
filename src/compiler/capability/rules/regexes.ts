import { codeToWrite } from "../code-blocks.js";
import { isDirective, negatedBefore } from "../directive.js";
import { blockEvidence, sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// gen.regex (catalogue: L1 a literal word, L2 a structured token with anchors and classes, L3
// lookarounds). From asks to write a regex, and from patterns inside code the model adapts.

const REGEX_ASK = /\b(?:write|build|craft|compose|create|construct|define|design|come up with)\b[^.]{0,40}\b(?:regex(?:es|ps?)?|regular expressions?)\b/i;
const LOOKAROUND_WORDS = /\blook(?:ahead|behind|around)s?\b/i;
const TOKEN_WORDS = /\b(?:validat\w*|anchor\w*|dates?|emails?|phone|ip address|identifiers?|url|key=value)\b/i;
const LOOKAROUND = /\(\?<?[=!]/;
const TOKEN = /[\^$]|\\[dwsb]|\[[^\]]+\]|\{\d+(?:,\d*)?\}/;

/** Regex literals in Python and JavaScript code: `re.match(r"...")`, `/.../g.test(`, `new RegExp("...")`. */
const PATTERNS = [
  /\bre\.(?:compile|match|search|fullmatch|sub|subn|findall|finditer|split)\(\s*r?(["'])((?:\\.|(?!\1).)+)\1/,
  /\bnew RegExp\(\s*(["'`])((?:\\.|(?!\1).)+)\1/,
  /(?:[=(,:]|\breturn)\s*\/((?![*/])(?:\\.|\[[^\]]*\]|[^/\n\\])+)\/[dgimsuy]*(?=\s*[.;,)]|\s*$)/,
];

const levelOf = (pattern: string): 1 | 2 | 3 => (LOOKAROUND.test(pattern) ? 3 : TOKEN.test(pattern) ? 2 : 1);
const WHY = { 1: "a literal pattern", 2: "a pattern with anchors or classes", 3: "a pattern with lookarounds" } as const;

export function regexes(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of text.sentences) {
    const ask = REGEX_ASK.exec(s.text);
    if (!ask || !isDirective(s.text) || negatedBefore(s.text, ask.index)) continue;
    const level = LOOKAROUND_WORDS.test(s.text) ? 3 : TOKEN_WORDS.test(s.text) ? 2 : 1;
    findings.push({ id: "gen.regex", level, evidence: sentenceEvidence(text, s, ask.index, `asks the model to write a regex (${WHY[level]})`) });
  }
  for (const { block, lang } of codeToWrite(text)) {
    if (lang !== "python" && lang !== "javascript") continue;
    block.code.split("\n").forEach((line, offset) => {
      const pattern = PATTERNS.map((re) => re.exec(line)).find((m) => m !== null);
      const source = pattern?.[2] ?? pattern?.[1];
      if (!source) return;
      const level = levelOf(source);
      findings.push({ id: "gen.regex", level, evidence: blockEvidence(text, block, offset, `${WHY[level]} in code the model adapts`) });
    });
  }
  return findings;
}
