import { PRIMITIVE_IDS, type PrimitiveId } from "../../profile/catalogue.js";
import type { Evidence, Requirement } from "./contract.js";
import { lineAt, type Sentence, type SkillText } from "./skill-text.js";

/** One rule's claim: this line demands this primitive at least at this level. */
export interface Finding {
  id: PrimitiveId;
  level: 1 | 2 | 3;
  evidence: Evidence;
}

/** A requirement keeps this much evidence: enough to act on, small enough to read. */
const MAX_EVIDENCE = 6;
const MAX_TEXT = 160;

export const clip = (text: string): string => {
  const t = text.trim();
  return t.length <= MAX_TEXT ? t : `${t.slice(0, MAX_TEXT - 1)}…`;
};

/** Evidence at the SKILL.md line of a sentence that holds the match at `at`. */
export function sentenceEvidence(text: SkillText, sentence: Sentence, at: number, why: string): Evidence {
  const line = lineAt(sentence, at);
  return { file: text.entry, line: line.line, text: clip(line.text), why };
}

/** Evidence at a line of a fenced block: `offset` 0 is the first code line. */
export function blockEvidence(text: SkillText, block: { startLine: number; code: string }, offset: number, why: string): Evidence {
  const lines = block.code.split("\n");
  const index = Math.max(0, Math.min(offset, lines.length - 1));
  return { file: text.entry, line: block.startLine + 1 + index, text: clip(lines[index] ?? ""), why };
}

/**
 * Folds findings into requirements: one per primitive at the highest level any rule found, in
 * catalogue order; the evidence for that level comes first, the rest by line.
 */
export function mergeFindings(findings: readonly Finding[]): Requirement[] {
  const byId = new Map<PrimitiveId, Finding[]>();
  for (const f of findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  return PRIMITIVE_IDS.flatMap((id): Requirement[] => {
    const list = byId.get(id);
    if (!list) return [];
    const level = Math.max(...list.map((f) => f.level)) as 1 | 2 | 3;
    const seen = new Set<string>();
    const ordered = [...list].sort((a, b) => Number(b.level === level) - Number(a.level === level) || a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    const evidence = ordered
      .filter((f) => {
        const key = `${f.evidence.file}:${f.evidence.line}`;
        return !seen.has(key) && seen.add(key);
      })
      .slice(0, MAX_EVIDENCE)
      .map((f) => f.evidence);
    return [{ id, level, evidence, source: "rules" }];
  });
}
