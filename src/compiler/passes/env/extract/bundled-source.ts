import type { Diagnostic } from "../../../../skill/diagnostic.js";
import type { SkillIR } from "../../../../skill/ir.js";
import { type CodeScanOptions, scanCode } from "./code-scan.js";
import { binRequirement, isNode, isPython, isShell } from "./executable.js";
import type { Finding } from "./finding.js";
import { packageJson } from "./package-json.js";
import type { Grammar } from "../../../../syntax/index.js";
import { inlineScriptMetadata, pyprojectToml } from "./python-manifests.js";
import type { RequirementSet } from "./requirement-set.js";
import { requirementsTxt } from "./requirements-txt.js";
import { shebangInterpreter } from "./shebang.js";

const BY_EXTENSION: Readonly<Record<string, { grammar: Grammar; interpreter: string }>> = {
  py: { grammar: "python", interpreter: "python3" },
  pyw: { grammar: "python", interpreter: "python3" },
  sh: { grammar: "bash", interpreter: "bash" },
  bash: { grammar: "bash", interpreter: "bash" },
  zsh: { grammar: "bash", interpreter: "zsh" },
  js: { grammar: "javascript", interpreter: "node" },
  mjs: { grammar: "javascript", interpreter: "node" },
  cjs: { grammar: "javascript", interpreter: "node" },
  ts: { grammar: "javascript", interpreter: "node" },
  mts: { grammar: "javascript", interpreter: "node" },
  cts: { grammar: "javascript", interpreter: "node" },
};

/**
 * The skill's bundled files: dependency manifests (requirements*.txt, package.json,
 * pyproject.toml) and scripts, whose interpreter, imports and commands are all needs. Nothing
 * in a script is optional except imports guarded by `try/except ImportError`.
 */
export function fromBundledFiles(ir: SkillIR, opts: CodeScanOptions, set: RequirementSet, diagnostics: Diagnostic[]): void {
  for (const path of Object.keys(ir.sources).sort()) {
    // Markdown is read for its code blocks, and only when SKILL.md points at it (reference-source.ts).
    if (path.split("/").includes("node_modules") || /\.(md|markdown)$/i.test(path)) continue;
    const text = ir.sources[path] ?? "";
    const place = { origin: (row: number) => `${path}:${row + 1}`, optional: () => false };
    const report = (d: Omit<Diagnostic, "file">): void => {
      diagnostics.push({ ...d, file: `${ir.folder}/${path}` });
    };
    try {
      set.addAll(fileFindings(path, text, opts, report), place);
    } catch (err) {
      // A grammar or WASM failure on one odd file must not cost the rest of the skill.
      report({ code: "ENV_SCRIPT_UNPARSED", severity: "warning", message: `${path} could not be read for requirements: ${(err as Error).message}` });
    }
  }
}

function fileFindings(path: string, text: string, opts: CodeScanOptions, report: (d: Omit<Diagnostic, "file">) => void): Finding[] {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/^requirements.*\.txt$/i.test(base)) return requirementsTxt(text);
  if (base === "pyproject.toml") return pyprojectToml(text);
  if (base === "package.json") {
    try {
      return packageJson(text);
    } catch (err) {
      report({ code: "ENV_MANIFEST_UNPARSED", severity: "warning", message: `package.json is not valid JSON (${(err as Error).message}); its dependencies are not known`, hint: "fix the JSON so the env pass can read dependencies" });
      return [];
    }
  }
  return scriptFindings(path, text, opts, report);
}

function scriptFindings(path: string, text: string, opts: CodeScanOptions, report: (d: Omit<Diagnostic, "file">) => void): Finding[] {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  const shebang = shebangInterpreter(text);
  const known = BY_EXTENSION[ext];
  const grammar = known?.grammar ?? (shebang === undefined ? undefined : grammarOf(shebang));
  const interpreter = shebang ?? known?.interpreter;
  const runtime = interpreter === undefined ? [] : binRequirement(interpreter, 0);
  if (grammar === undefined) return runtime;
  const scanned = scanCode(grammar, text, opts);
  if (scanned === undefined || !scanned.clean) {
    const typescript = /^[mc]?ts$/.test(ext);
    report({
      code: "ENV_SCRIPT_UNPARSED",
      severity: typescript ? "info" : "warning",
      message: `${path} has syntax the ${grammar} grammar cannot parse; requirements come from the parts it could read`,
      ...(scanned?.errorRow === undefined ? {} : { line: scanned.errorRow + 1 }),
      hint: typescript ? "TypeScript is read with the JavaScript grammar; imports are still found" : "check the file runs; list anything missed in metadata.openclaw.requires",
    });
  }
  const inline = grammar === "python" ? inlineScriptMetadata(text) : [];
  return [...runtime, ...inline, ...(scanned?.value ?? [])];
}

function grammarOf(interpreter: string): Grammar | undefined {
  if (isPython(interpreter)) return "python";
  if (isNode(interpreter)) return "javascript";
  return isShell(interpreter) ? "bash" : undefined;
}
