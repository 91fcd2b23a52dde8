import type { ModelProvider } from "../../model/provider.js";
import { primitive, type PrimitiveId } from "../../profile/catalogue.js";
import { SkillDocument } from "./document.js";
import { applyEdits, type Edit } from "./edit.js";
import { guardVariant } from "./guard.js";
import type { GapOutcome, LoweringInput, LoweringResult } from "./lower.js";

export const PROVIDER_REWRITE = "provider-rewrite";

const SYSTEM = [
  "You adapt an agent skill's instructions to a model that is weak at one capability.",
  "Rewrite the paragraph you are given so it asks less of that capability, as the guidance says.",
  "Keep every fact, file name, path, command and number. Plain Markdown prose only: no code fences,",
  "no headings, no commentary. Answer with the rewritten paragraph and nothing else.",
].join(" ");

/**
 * For gaps no deterministic transform serves, a provider rewrites the paragraph holding each piece
 * of evidence (prose only, never code, never a paragraph another edit touched). The rewrites join
 * the deterministic edits and the whole variant goes through the same guard. A failed call or an
 * answer that is not plain prose leaves that paragraph as it was.
 */
export async function rewriteUnlowered(input: LoweringInput, result: LoweringResult, provider: ModelProvider): Promise<LoweringResult> {
  const doc = new SkillDocument(input.base);
  const touched = new Set(result.edits.map((e) => e.line - 1));
  const rewrites: Edit[] = [];
  for (const gap of result.gaps.filter((g) => g.status === "no-transform")) {
    for (const evidence of gap.evidence) {
      const at = doc.locate(evidence, input.entry);
      if (at === undefined || !doc.isProse(at) || doc.isNote(at)) continue;
      const [start, end] = [doc.blockStart(at), doc.blockEnd(at)];
      if (range(start, end).some((i) => touched.has(i))) continue;
      const from = doc.lines.slice(start, end + 1).join("\n");
      const to = await ask(provider, gap, from);
      if (!to || to === from) continue;
      range(start, end).forEach((i) => touched.add(i));
      rewrites.push({ transform: PROVIDER_REWRITE, gap: gap.id, evidence: [evidence], line: start + 1, change: { kind: "rewrite", endLine: end + 1, from, to } });
    }
  }
  if (rewrites.length === 0) return result;
  const edits = [...result.edits, ...rewrites];
  const gaps = result.gaps.map((g): GapOutcome => {
    const made = rewrites.filter((r) => r.gap === g.id).length;
    return made ? { ...g, transform: `${PROVIDER_REWRITE} (${provider.kind}/${provider.model})`, status: "lowered", edits: made } : g;
  });
  const variant = applyEdits(doc, edits);
  return { gaps, edits, variant, guard: guardVariant(input.base, variant, edits) };
}

async function ask(provider: ModelProvider, gap: GapOutcome, paragraph: string): Promise<string | undefined> {
  const entry = primitive(gap.id as PrimitiveId);
  const guidance = gap.required >= 3 ? entry.lower.L3toL2 : entry.lower.L2toL1;
  const content = `Capability: ${gap.id} (${entry.summary}); the skill needs L${gap.required}, the model has L${gap.have}.\nGuidance: ${guidance}.\n\nParagraph:\n${paragraph}`;
  try {
    const answer = (await provider.complete({ system: SYSTEM, messages: [{ role: "user", content }], maxTokens: 1024, temperature: 0 })).text.trim();
    const indent = /^\s*/.exec(paragraph)?.[0] ?? "";
    return answer && !answer.includes("```") && !/^\s*#/m.test(answer) ? answer.split("\n").map((l) => (l.trim() ? `${indent}${l.trimStart()}` : l)).join("\n") : undefined;
  } catch {
    return undefined;
  }
}

const range = (start: number, end: number): number[] => Array.from({ length: end - start + 1 }, (_, i) => start + i);
