import { z } from "zod";
import { PrimitiveId } from "../../../profile/catalogue.js";
import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { Requirement, RequirementReport } from "../contract.js";

// A provider's answer, checked claim by claim: a claim stands only when its line exists and its
// quoted text is on that line. What stands adds a requirement or sets the level of one the rules
// found; what does not is dropped with a diagnostic naming the claim.

export const Claim = z.object({
  id: PrimitiveId,
  level: z.number().int().min(1).max(3),
  file: z.string().min(1),
  line: z.number().int().positive(),
  text: z.string(),
  why: z.string().min(1),
});
export type Claim = z.infer<typeof Claim>;

const Answer = z.object({ claims: z.array(z.unknown()) });

/** Quotes shorter than this match too many lines to prove anything. */
const MIN_QUOTE = 4;

const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The JSON object in a model's answer (fences and a sentence around it tolerated); undefined when there is none. */
export function parseAnswer(text: string): unknown[] | undefined {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = Answer.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data.claims : undefined;
  } catch {
    return undefined;
  }
}

export interface CheckedClaims {
  accepted: Claim[];
  diagnostics: Diagnostic[];
}

export function checkClaims(raw: readonly unknown[], files: ReadonlyMap<string, readonly string[]>, skillPath: string): CheckedClaims {
  const accepted: Claim[] = [];
  const diagnostics: Diagnostic[] = [];
  const drop = (message: string, file: string, line?: number): void => {
    diagnostics.push({
      code: "CAPABILITY_CLAIM_DROPPED",
      severity: "warning",
      message,
      file: `${skillPath}/${file}`,
      ...(line ? { line } : {}),
      hint: "a provider's claim needs a line of the skill that shows it, quoted as written",
    });
  };
  raw.forEach((item, i) => {
    const claim = Claim.safeParse(item);
    if (!claim.success) {
      const issue = claim.error.issues[0];
      return drop(`claim ${i + 1}: field "${issue?.path.join(".") || "(claim)"}": ${issue?.message ?? "invalid"}`, "SKILL.md");
    }
    const c = claim.data;
    const lines = files.get(c.file);
    if (!lines) return drop(`claim ${i + 1} (${c.id} L${c.level}) cites ${c.file}, which is not a text file of the skill`, c.file);
    const line = lines[c.line - 1];
    if (line === undefined) return drop(`claim ${i + 1} (${c.id} L${c.level}) cites line ${c.line}, past the end of ${c.file} (${lines.length} lines)`, c.file, c.line);
    const quote = squash(c.text);
    if (quote.length < MIN_QUOTE || !squash(line).includes(quote)) {
      return drop(`claim ${i + 1} (${c.id} L${c.level}) quotes "${quote.slice(0, 60)}", which is not the text of ${c.file}:${c.line}`, c.file, c.line);
    }
    accepted.push(c);
  });
  return { accepted, diagnostics };
}

/** The report with the accepted claims applied: a new primitive, or the claimed level for a known one. */
export function applyClaims(report: RequirementReport, claims: readonly Claim[], refinedBy: string): RequirementReport {
  const byId = new Map<string, Requirement>(report.requirements.map((r) => [r.id, r]));
  for (const c of claims) {
    const evidence = { file: c.file, line: c.line, text: squash(c.text), why: c.why };
    const known = byId.get(c.id);
    byId.set(c.id, { id: c.id, level: c.level, evidence: [evidence, ...(known?.evidence ?? [])], source: "provider" });
  }
  const order = new Map(PrimitiveId.options.map((id, i) => [id, i]));
  const requirements = [...byId.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { ...report, requirements, refinedBy };
}
