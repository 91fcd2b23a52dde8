import type { Diagnostic } from "../../../../skill/diagnostic.js";
import type { SkillIR } from "../../../../skill/ir.js";
import { compatibilityFindings } from "./compatibility.js";
import { declaredBin } from "./executable.js";
import type { Finding } from "./finding.js";
import { packageOfInstallArg } from "./npm-package.js";
import { distributionName } from "./pep508.js";
import { distributionRequirement } from "./python-module.js";
import type { RequirementSet } from "./requirement-set.js";
import { packageBins } from "./system-packages.js";

/** Every finding of a metadata key sits at "row 0" of that key: the origin is the key itself. */
const at = (origin: string) => ({ origin: () => origin, optional: () => false });

/**
 * What the frontmatter says: free-text `compatibility`, and the requirements the loader already
 * merged from OpenClaw (`requires.bins/anyBins/env`, `install[]`) and Hermes (env vars).
 */
export function fromFrontmatter(ir: SkillIR, set: RequirementSet, diagnostics: Diagnostic[]): void {
  const compatibility = ir.frontmatter.compatibility;
  if (compatibility !== undefined) set.addAll(compatibilityFindings(compatibility), at("compatibility"));
  const req = ir.requirements;
  for (const bin of req.bins) set.addAll([declaredBin(bin.name, 0)], at(bin.origin));
  for (const group of req.anyBins) {
    const [first] = group.names;
    if (first !== undefined) set.addAll([{ type: "requirement", kind: "bins", name: first, anyOf: group.names, row: 0 }], at(group.origin));
  }
  for (const env of req.env) set.addRequirement({ kind: "env", name: env.name }, env.optional, env.origin);
  for (const entry of req.install) {
    const found = installEntry(entry);
    if (found === undefined) {
      diagnostics.push({
        code: "ENV_INSTALL_KIND_UNMAPPED",
        severity: "info",
        message: `${entry.origin} (kind "${entry.kind}") is not turned into a requirement`,
        file: `${ir.folder}/${ir.entry}`,
        hint: "brew, apt, node, uv and pip entries are understood; list the executables it provides in requires.bins",
      });
      continue;
    }
    set.addAll(found, at(entry.origin));
  }
}

/** One OpenClaw `install[]` entry: brew/apt -> a system package; node -> npm; uv/pip -> pip. */
function installEntry(entry: SkillIR["requirements"]["install"][number]): Finding[] | undefined {
  const pkg = entry.package;
  if (pkg === undefined) return undefined;
  const kind = entry.kind.toLowerCase();
  if (kind === "brew" || kind === "apt") {
    const bins = entry.bins.length > 0 ? entry.bins : packageBins(kind, pkg);
    return [{ type: "package", manager: kind, name: pkg, bins, row: 0 }];
  }
  if (kind === "node" || kind === "npm") {
    const name = packageOfInstallArg(pkg);
    return name === undefined ? undefined : [{ type: "requirement", kind: "node", name, import: name, row: 0 }];
  }
  if (kind === "uv" || kind === "pip" || kind === "python") {
    const name = distributionName(pkg);
    return name === undefined ? undefined : [distributionRequirement(name, 0)];
  }
  return undefined;
}
