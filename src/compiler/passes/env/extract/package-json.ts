import { type Finding, nodeFinding } from "./finding.js";

/**
 * npm packages a bundled package.json depends on at run time: `dependencies`, and
 * `optionalDependencies` as optional. devDependencies build or test the code; peers come from
 * the host. Throws on text that is not a JSON object, which the caller reports.
 */
export function packageJson(text: string): Finding[] {
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a JSON object");
  const lines = text.split(/\r?\n/);
  const read = (field: string, optional: boolean): Finding[] => {
    const deps = (doc as Record<string, unknown>)[field];
    if (typeof deps !== "object" || deps === null) return [];
    return Object.keys(deps).map((name) => {
      const found = nodeFinding(name, rowOf(lines, name));
      return optional ? { ...found, optional } : found;
    });
  };
  return [...read("dependencies", false), ...read("optionalDependencies", true)];
}

/** The row that names a dependency, for its origin; the first row when it cannot be found. */
function rowOf(lines: readonly string[], name: string): number {
  const row = lines.findIndex((l) => l.includes(`"${name}"`));
  return row < 0 ? 0 : row;
}
