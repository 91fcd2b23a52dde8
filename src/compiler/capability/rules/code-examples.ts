import { codeDifficulty } from "../code-difficulty.js";
import { codeToWrite, localPythonModules } from "../code-blocks.js";
import { blockEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// gen.code.X from fenced blocks of X the model adapts or extends; the level follows the code's
// difficulty (libraries, concurrency, length) on the catalogue's scale.

export function codeExamples(text: SkillText): Finding[] {
  const local = localPythonModules(text);
  return codeToWrite(text).map(({ block, lang }) => {
    const d = codeDifficulty(lang, block.code, local);
    const why = d.level === 1 ? `a ${lang} example the model adapts` : `${d.why}, as an example the model adapts`;
    return { id: `gen.code.${lang}` as const, level: d.level, evidence: blockEvidence(text, block, d.offset, why) };
  });
}
