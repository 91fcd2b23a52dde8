import { isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// tool.file.write (catalogue: L1 one file with given content, L2 a long generated file, L3 several
// files in nested folders). Only files the model writes itself: a file a bundled script writes
// (`--out x.json`) is part of running the script (tool.exec).

const WRITE_VERB = /\b(?:write|save|create|store|export|put|place|output|dump|generate|produce|add)\b/i;
const PATH = /(?<![\w./-])((?:[\w.-]+\/)*[\w-]+\.(?:md|txt|json|ya?ml|csv|tsv|html|css|py|js|mjs|ts|sh|xml|svg|toml|ini|sql|log))\b/gi;
const FILE_NOUN = /\b(?:a|the|new|each|an? output)\s+(?:\w+\s+)?file\b/i;
const SCRIPT_WRITES = /\bscripts?\b|--out\b|\bprints?\b|\bstdout\b/i;
const MANY_FILES = 3;

export function fileWrites(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  const written = new Set<string>();
  for (const s of text.sentences) {
    if (!isDirective(s.text) || SCRIPT_WRITES.test(s.text)) continue;
    const plain = s.text.replace(/`/g, " ");
    const verb = WRITE_VERB.exec(plain);
    if (!verb || negatedBefore(plain, verb.index)) continue;
    const rest = plain.slice(verb.index);
    const paths = [...rest.matchAll(PATH)].map((m) => m[1] ?? "").filter((p) => !text.bundled.has(p));
    if (paths.length === 0 && !FILE_NOUN.test(rest)) continue;
    for (const p of paths) written.add(p);
    findings.push({ id: "tool.file.write", level: 1, evidence: sentenceEvidence(text, s, verb.index, paths.length > 0 ? `asks the model to write ${paths.join(", ")}` : "asks the model to write a file") });
  }
  const nested = [...written].filter((p) => p.includes("/"));
  if (nested.length >= 2 || written.size >= MANY_FILES) {
    const level = nested.length >= 2 ? 3 : 2;
    const why = level === 3 ? `one of ${nested.length} files to write in nested folders` : `one of ${written.size} files to write`;
    return findings.map((f) => ({ ...f, level, evidence: { ...f.evidence, why } }));
  }
  return findings;
}
