import type { RequirementFinding } from "./finding.js";
import { distributionOf, importOf } from "./python-dists.js";
import { PYTHON_STDLIB } from "./python-stdlib.js";

/**
 * The pip requirement an import of `module` implies, or none when the module ships with Python or
 * is one of the skill's own files (`scripts/table_io.py` makes `import table_io` local).
 */
export function moduleRequirement(module: string, row: number, optional: boolean, localModules: ReadonlySet<string>): RequirementFinding[] {
  const top = module.split(".")[0] ?? "";
  if (top === "" || PYTHON_STDLIB.has(top) || localModules.has(top)) return [];
  const dist = distributionOf(module);
  const found: RequirementFinding = { type: "requirement", kind: "python", name: dist.name, import: dist.import, row };
  return optional ? [{ ...found, optional }] : [found];
}

/** The pip requirement a distribution name implies (from requirements.txt, `pip install`, ...). */
export function distributionRequirement(name: string, row: number): RequirementFinding {
  const found: RequirementFinding = { type: "requirement", kind: "python", name, row };
  const imp = importOf(name);
  if (imp.import !== undefined) found.import = imp.import;
  if (imp.guessed) found.importGuessed = true;
  return found;
}

/**
 * Top-level module names the skill provides itself: every bundled `.py` file's stem and every
 * folder that holds Python files (a package, or `scripts` when run from the skill folder).
 */
export function localPythonModules(paths: Iterable<string>): Set<string> {
  const local = new Set<string>();
  for (const path of paths) {
    if (!/\.pyw?$/i.test(path)) continue;
    const parts = path.split("/");
    const file = parts.pop() ?? "";
    local.add(file.replace(/\.pyw?$/i, ""));
    for (const dir of parts) local.add(dir);
  }
  return local;
}
