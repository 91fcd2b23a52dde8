import type { Diagnostic } from "../../../../skill/diagnostic.js";
import type { SkillIR } from "../../../../skill/ir.js";
import { codeLanguage, type CodeLanguage } from "../../../../skill/index.js";
import { type CodeScanOptions, scanCode } from "./code-scan.js";
import { type Finding, binFinding } from "./finding.js";
import { commentedInstalls, proseInstalls } from "./install-mentions.js";
import { blockIsOptional, lineIsOptional, proseLineIsOptional } from "./optional-context.js";
import type { Grammar } from "../../../../syntax/index.js";
import type { RequirementSet } from "./requirement-set.js";
import { consoleToShell } from "./shell-code.js";

type BlockLang = Grammar | "console";

/** The grammar that reads each shared block language (src/skill/code-language.ts). */
const GRAMMAR: Readonly<Record<CodeLanguage, BlockLang>> = { python: "python", javascript: "javascript", shell: "bash", console: "console" };

/** The interpreter a block of this language runs in; shell blocks run in the harness's own shell. */
const RUNTIME: Partial<Record<BlockLang, string>> = { python: "python3", javascript: "node" };

/**
 * Fenced code blocks of SKILL.md: imports of Python and JavaScript blocks, and the commands and
 * install lines of shell blocks. A block the prose offers as an alternative, or a line whose
 * comment does, yields optional requirements.
 */
export function fromCodeBlocks(ir: SkillIR, opts: CodeScanOptions, set: RequirementSet, diagnostics: Diagnostic[]): void {
  for (const block of ir.codeBlocks) {
    try {
      const scanned = blockFindings(block.lang, block.code, opts);
      if (scanned === undefined) continue;
      const optional = blockIsOptional(ir, block);
      set.addAll(scanned.findings, {
        // The fence is on startLine; the code's first row is the line after it.
        origin: (row) => `${ir.entry}:${block.startLine + 1 + row}`,
        optional: (row) => optional || lineIsOptional(scanned.lines, row),
      });
    } catch (err) {
      diagnostics.push({
        code: "ENV_SCRIPT_UNPARSED",
        severity: "warning",
        message: `the ${block.lang} block could not be read for requirements: ${(err as Error).message}`,
        file: `${ir.folder}/${ir.entry}`,
        line: block.startLine,
      });
    }
  }
}

/** Install commands in inline code of the prose: optional when their sentence or a heading says so. */
export function fromProse(ir: SkillIR, opts: CodeScanOptions, set: RequirementSet): void {
  for (const mention of proseInstalls(ir, opts)) {
    const optional = proseLineIsOptional(ir, mention.line, mention.text);
    set.addAll(mention.findings, { origin: () => `${ir.entry}:${mention.line}`, optional: () => optional });
  }
}

/**
 * What one fenced block of Markdown needs (its interpreter, imports, commands, install lines),
 * rows counted from its first line of code; undefined for a language no grammar reads.
 */
export function blockFindings(lang: string, code: string, opts: CodeScanOptions): { findings: Finding[]; lines: string[] } | undefined {
  const known = codeLanguage(lang);
  const blockLang = known && GRAMMAR[known];
  if (blockLang === undefined || code.trim() === "") return undefined;
  const text = blockLang === "console" ? consoleToShell(code) : code;
  const grammar: Grammar = blockLang === "console" ? "bash" : blockLang;
  const runtime = RUNTIME[blockLang];
  const findings: Finding[] = [
    ...(runtime === undefined ? [] : [binFinding(runtime, 0)]),
    ...(scanCode(grammar, text, opts)?.value ?? []),
    ...(grammar === "bash" ? [] : commentedInstalls(text, opts)),
  ];
  return { findings, lines: text.split("\n") };
}
