import type { RequirementView } from "../compiler/capability/explain.js";
import { renderTable } from "./table.js";

/**
 * Requirements against a profile for people: one row per primitive (needed level, the profile's,
 * the verdict), then each requirement's evidence as `file:line  why  "text"`.
 */
export function renderRequirements(views: readonly RequirementView[]): string {
  if (views.length === 0) return "no requirements found";
  const rows = views.map((v) => [v.id, `L${v.required}`, v.have === null ? "-" : `L${v.have}`, v.status, v.source === "provider" ? "model" : "rules"]);
  const evidence = views.flatMap((v) => [`${v.id}:`, ...v.evidence.map((e) => `  ${e.file}:${e.line}  ${e.why}  "${e.text}"`)]);
  return [renderTable(["primitive", "needs", "profile", "status", "from"], rows), "", ...evidence].join("\n");
}
