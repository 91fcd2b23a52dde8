import type { Finding } from "./finding.js";
import { distributionName } from "./pep508.js";
import { distributionRequirement } from "./python-module.js";

/**
 * Distributions a pip requirements file names, one per line: versions, extras, markers and
 * comments stripped; options (`-r other.txt`, `-e .`, `--index-url`) and URLs skipped.
 */
export function requirementsTxt(text: string): Finding[] {
  const found: Finding[] = [];
  text.split(/\r?\n/).forEach((raw, row) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    const name = line.startsWith("-") ? undefined : distributionName(line.replace(/\\$/, ""));
    if (name !== undefined) found.push(distributionRequirement(name, row));
  });
  return found;
}
