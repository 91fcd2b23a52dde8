/**
 * PASS-2 requirement extraction: what a skill needs from its environment (pip distributions,
 * npm packages, executables, environment variables, system packages, operating systems), read
 * from its frontmatter, bundled files and Markdown code blocks before it ever runs.
 */
import type { Diagnostic } from "../../../../skill/diagnostic.js";
import type { SkillIR } from "../../../../skill/ir.js";
import type { EnvRequires, SystemPackage } from "../schema.js";
import { fromBundledFiles } from "./bundled-source.js";
import { fromFrontmatter } from "./frontmatter-source.js";
import { fromCodeBlocks, fromProse } from "./markdown-source.js";
import type { Parsers } from "../../../../syntax/index.js";
import { addLibraryExecutables } from "./library-executables.js";
import { localPythonModules } from "./python-module.js";
import { fromReferences } from "./reference-source.js";
import { RequirementSet } from "./requirement-set.js";

export { loadParsers } from "../../../../syntax/index.js";
export type { Parsers } from "../../../../syntax/index.js";

export interface ExtractedRequirements {
  requires: EnvRequires;
  systemPackages: SystemPackage[];
  /** Node's platform names (linux, darwin, win32); empty means any. */
  os: string[];
  diagnostics: Diagnostic[];
}

/**
 * Every requirement of a skill, merged by name across sources, each with all its origins. Pure
 * and synchronous: the parsers are loaded once beforehand with `loadParsers()`. Bad input
 * (a script that does not parse, broken JSON) becomes a diagnostic, never an exception.
 */
export function extractRequirements(ir: SkillIR, parsers: Parsers): ExtractedRequirements {
  const set = new RequirementSet();
  const diagnostics: Diagnostic[] = [];
  const opts = { parsers, localModules: localPythonModules([...ir.files.map((f) => f.path), ...Object.keys(ir.sources)]) };
  fromFrontmatter(ir, set, diagnostics);
  fromBundledFiles(ir, opts, set, diagnostics);
  fromCodeBlocks(ir, opts, set, diagnostics);
  fromProse(ir, opts, set);
  fromReferences(ir, opts, set);
  addLibraryExecutables(set.build().requires, set);
  return { ...set.build(), os: [...ir.requirements.os], diagnostics };
}
