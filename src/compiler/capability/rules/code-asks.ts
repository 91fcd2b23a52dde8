import type { CodeLang } from "../code-difficulty.js";
import { isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// gen.code.X from asks in prose: "write a Python script that ...". L1 by default; a library to
// use makes it L2, concurrency L3. "... and run it" also demands tool.exec L2 (write, run, report).

const WRITE_VERB = /\b(?:write|create|generate|implement|author|build|craft|code|develop|draft|compose)\b/i;
const CODE_NOUN = /\b(?:script|program|code|function|query|queries|page|snippet|module|one-liner|statement|class|template)s?\b/i;
const LANGUAGE = /\b(python|py|bash|shell|zsh|sh|node(?:\.js|js)?|javascript|typescript|js|ts|sql|sqlite|html)\b/i;
const LANG_OF: Readonly<Record<string, CodeLang>> = {
  python: "python", py: "python", bash: "shell", shell: "shell", zsh: "shell", sh: "shell",
  node: "javascript", "node.js": "javascript", nodejs: "javascript", javascript: "javascript", typescript: "javascript", js: "javascript", ts: "javascript",
  sql: "sql", sqlite: "sql", html: "html",
};
const CONCURRENCY = /\b(?:in parallel|concurrent(?:ly)?|async(?:hronous(?:ly)?)?|threads?|multiprocessing|Promise\.all)\b/i;
const LIBRARY = /\b(?:library|package|framework|pandas|numpy|requests|playwright|openpyxl|pypdf|reportlab|matplotlib|sqlalchemy|beautifulsoup|bs4|lxml|pillow|PIL|docx|pptx|express|react|d3)\b/i;
const AND_RUN = /\b(?:and|then)\s+(?:run|execute)\b/i;

export function codeAsks(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of text.sentences) {
    const verb = WRITE_VERB.exec(s.text);
    if (!verb || !CODE_NOUN.test(s.text.slice(verb.index)) || !isDirective(s.text)) continue;
    if (negatedBefore(s.text, verb.index)) continue;
    const lang = LANGUAGE.exec(s.text.slice(verb.index));
    const id = lang ? LANG_OF[(lang[1] ?? "").toLowerCase()] : undefined;
    if (!id) continue;
    const level = CONCURRENCY.test(s.text) ? 3 : LIBRARY.test(s.text) ? 2 : 1;
    const why = level === 3 ? `asks for concurrent ${id} code` : level === 2 ? `asks for ${id} code using a library` : `asks the model to write ${id} code`;
    findings.push({ id: `gen.code.${id}`, level, evidence: sentenceEvidence(text, s, verb.index, why) });
    if (AND_RUN.test(s.text)) findings.push({ id: "tool.exec", level: 2, evidence: sentenceEvidence(text, s, verb.index, "asks to write code and run it") });
  }
  return findings;
}
