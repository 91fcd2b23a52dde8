import { isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// tool.file.read (catalogue: L1 read one file, L2 several files, L3 an exact line range). The
// skill's own reference documents the prose points to are files the model must read; so is a
// file it is told to read. Three or more references to consult is L2.

const MANY_REFERENCES = 3;
const READ_ASK = /\b(?:read|open|load|consult|review|inspect|look at|refer to|see|check)\b\s+(?:the\s+)?(?:file\s+)?`?([\w./-]+\.(?:md|txt|json|ya?ml|csv|tsv|log|xml|html|toml|ini|cfg|conf))\b/i;
const LINE_RANGE = /\blines?\s+\d+\s*(?:-|–|to|through)\s*\d+\b|\b(?:offset|line range)\b/i;
const CONSULT = /\b(?:read|open|load|consult|see|refer to|check|review|look (?:at|up)|follow)\b/i;

/** Bundled documents a model reads (scripts are run, assets are used, not read). */
const DOC_EXTENSION = /\.(?:md|txt|rst|json|ya?ml|csv|tsv|log|html|xml|toml|ini|cfg|conf)\b/i;
const readable = (path: string): boolean => !path.startsWith("scripts/") && !path.startsWith("assets/") && /\.(?:md|txt|rst|json|ya?ml|csv|html|xml)$/i.test(path);

export function fileReads(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  const docs = [...text.bundled].filter(readable).map(docOf);
  const consulted = new Set<string>();
  // Most sentences name no file at all: one test skips them before the per-document search.
  for (const s of text.sentences.filter((x) => DOC_EXTENSION.test(x.text))) {
    let mentions = 0;
    for (const doc of docs) {
      const at = mentionAt(s.text, doc);
      if (at >= 0) mentions++;
      if (at < 0 || negatedBefore(s.text, at)) continue;
      consulted.add(doc.path);
      findings.push({ id: "tool.file.read", level: 1, evidence: sentenceEvidence(text, s, at, `points the model to the bundled file ${doc.path}`) });
      const range = LINE_RANGE.exec(s.text);
      if (range && CONSULT.test(s.text)) findings.push({ id: "tool.file.read", level: 3, evidence: sentenceEvidence(text, s, range.index, "asks to read a line range of a file") });
    }
    const ask = READ_ASK.exec(s.text);
    if (ask && mentions === 0 && isDirective(s.text) && !negatedBefore(s.text, ask.index)) {
      findings.push({ id: "tool.file.read", level: 1, evidence: sentenceEvidence(text, s, ask.index, `asks the model to read ${ask[1]}`) });
    }
  }
  if (consulted.size >= MANY_REFERENCES) {
    // Several documents to go through: raise the first mention of each to L2.
    return findings.map((f) => (f.level === 1 && f.evidence.why.startsWith("points") ? { ...f, level: 2 as const, evidence: { ...f.evidence, why: `${f.evidence.why} (one of ${consulted.size} to consult)` } } : f));
  }
  return findings;
}

interface Doc {
  path: string;
  /** The file name alone, when it is distinctive enough to stand for the path. */
  name?: string;
  byName?: RegExp;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function docOf(path: string): Doc {
  const name = path.split("/").pop() ?? path;
  if (name === path || name.length < 6) return { path };
  return { path, name, byName: new RegExp(`(?<![\\w./-])${escape(name)}\\b`) };
}

/** Where a sentence mentions a bundled path (as written, or by its file name), or -1. */
function mentionAt(sentence: string, doc: Doc): number {
  const full = sentence.indexOf(doc.path);
  if (full >= 0 || !doc.name || !doc.byName || !sentence.includes(doc.name)) return full;
  return doc.byName.exec(sentence)?.index ?? -1;
}
