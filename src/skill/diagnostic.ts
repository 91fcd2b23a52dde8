import { z } from "zod";

/** A problem found in a skill, shown to users as `CODE: file:line message (hint)`. */
export const Diagnostic = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  /** Path relative to the skills root (or the skill folder's parent), posix separators. */
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  hint: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ""} ` : "";
  const hint = d.hint ? ` (hint: ${d.hint})` : "";
  return `${d.code}: ${where}${d.message}${hint}`;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Thrown when a skill cannot be loaded at all; carries the diagnostic that explains why. */
export class SkillLoadError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
    this.name = "SkillLoadError";
  }
}
