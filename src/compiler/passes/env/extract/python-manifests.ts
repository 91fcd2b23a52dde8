import type { Finding } from "./finding.js";
import { distributionName } from "./pep508.js";
import { distributionRequirement } from "./python-module.js";
import { type TomlString, tomlStringArray, tomlTableArrays } from "./toml-dependencies.js";

const toFindings = (strings: TomlString[], rowOffset: number, optional: boolean): Finding[] =>
  strings.flatMap(({ value, row }) => {
    const name = distributionName(value);
    if (name === undefined) return [];
    const found = distributionRequirement(name, row + rowOffset);
    return [optional ? { ...found, optional } : found];
  });

/**
 * PEP 723 inline script metadata: the `dependencies` of a `# /// script` ... `# ///` block, which
 * `uv run` / `pipx run` install before running the file.
 */
export function inlineScriptMetadata(text: string): Finding[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^# \/\/\/ script\s*$/.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^# \/\/\/\s*$/.test(l));
  if (end < 0) return [];
  const toml = lines
    .slice(start + 1, end)
    .map((l) => l.replace(/^# ?/, ""))
    .join("\n");
  return toFindings(tomlStringArray(toml, "", "dependencies"), start + 1, false);
}

/**
 * A bundled pyproject.toml: `[project] dependencies`, extras as optional, and Poetry's
 * `[tool.poetry.dependencies]` table (whose `python` key is the interpreter, not a package).
 */
export function pyprojectToml(text: string): Finding[] {
  const poetry = poetryDependencies(text).map(({ value, row }) => distributionRequirement(value, row));
  return [
    ...toFindings(tomlStringArray(text, "project", "dependencies"), 0, false),
    ...toFindings(tomlTableArrays(text, "project.optional-dependencies"), 0, true),
    ...poetry,
  ];
}

function poetryDependencies(text: string): TomlString[] {
  const out: TomlString[] = [];
  let inTable = false;
  text.split(/\r?\n/).forEach((raw, row) => {
    const line = raw.trim();
    if (/^\[.*\]$/.test(line)) inTable = line === "[tool.poetry.dependencies]";
    const key = inTable ? /^"?([A-Za-z0-9][\w.-]*)"?\s*=/.exec(line)?.[1] : undefined;
    if (key !== undefined && key.toLowerCase() !== "python") out.push({ value: key, row });
  });
  return out;
}
