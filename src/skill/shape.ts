/** Shape checks for values that came from YAML or JSON written by someone else. */

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a value is, in words fit for a diagnostic: `a list`, `the number 3`, `the string "x"`. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}
