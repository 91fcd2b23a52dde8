// Lowering inputs built from a few lines of text: a base SKILL.md, requirements at given lines,
// and a profile's levels. The transforms are pure, so these tests need no files.
import type { Requirement, RequirementReport } from "../../../src/compiler/capability/contract.js";
import { lowerSkill, SkillDocument, type LoweringInput, type LoweringResult } from "../../../src/compiler/lowering/index.js";
import type { BundledFile } from "../../../src/skill/ir.js";

export const FRONT = "---\nname: demo\ndescription: A demo skill.\n---\n";

/** A requirement whose evidence is the given SKILL.md line (1-based, frontmatter counted) of `skillMd`. */
export function req(skillMd: string, id: Requirement["id"], level: number, line: number): Requirement {
  const text = skillMd.split("\n")[line - 1] ?? "";
  return { id, level, source: "rules", evidence: [{ file: "SKILL.md", line, text, why: "test" }] };
}

export const file = (path: string, kind: BundledFile["kind"], size = 10): BundledFile => ({ path, kind, size, mimeType: "text/plain", binary: false, digest: "sha256:x" });

export function lower(base: string, requirements: Requirement[], levels: Record<string, "L0" | "L1" | "L2" | "L3">, extra: Partial<LoweringInput> = {}): LoweringResult {
  const report: RequirementReport = { version: 1, sourceHash: "sha256:test", requirements };
  return lowerSkill({
    skill: "demo",
    entry: "SKILL.md",
    base,
    report,
    profile: { id: "test/model", capabilities: levels },
    manifest: { files: [], scripts: [] },
    ...extra,
  });
}

/** Every fenced block of a text, verbatim. */
export function codeBlocks(text: string): string[] {
  const doc = new SkillDocument(text);
  return doc.fences.map((f) => doc.lines.slice(f.open, f.close + 1).join("\n"));
}
