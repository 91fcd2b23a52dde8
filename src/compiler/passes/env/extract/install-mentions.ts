import type { SkillIR } from "../../../../skill/ir.js";
import { type CodeScanOptions, scanCode } from "./code-scan.js";
import { type Finding, atRow } from "./finding.js";

/** The start of an install (or run-a-package) command line. */
const INSTALL = String.raw`(?:sudo\s+)?(?:(?:pip3?|python3? -m pip|uv|npm|pnpm|yarn|bun|apt-get|apt|brew)\s+(?:pip\s+|global\s+)?(?:install|add|i)|npx|uvx|pipx run)\s`;
/** `# Requires: pip install x`, `// npm i y`: after an optional label. */
const IN_COMMENT = new RegExp(String.raw`(?:#|\/\/)\s*(?:[A-Za-z][\w ]*:\s*)?(${INSTALL}.*)$`);
const IN_CODE_SPAN = new RegExp(String.raw`^\s*(${INSTALL}[^\x60]*)$`);
const FENCE = /^\s*(```|~~~)/;

const commandFindings = (command: string, row: number, opts: CodeScanOptions): Finding[] =>
  atRow(scanCode("bash", command, opts)?.value ?? [], row);

/**
 * Install commands that Python and JavaScript examples state in a comment ("# Requires: pip
 * install pytesseract pdf2image"): what the example needs even when it imports it by another name.
 */
export function commentedInstalls(text: string, opts: CodeScanOptions): Finding[] {
  return text.split("\n").flatMap((line, row) => {
    const command = IN_COMMENT.exec(line)?.[1];
    return command === undefined ? [] : commandFindings(command, row, opts);
  });
}

/**
 * Install commands in inline code of the prose ("Install: `npm install -g docx`"), at their
 * SKILL.md line. Only install lines: other inline commands are too often just named, not run.
 */
export function proseInstalls(ir: SkillIR, opts: CodeScanOptions): { line: number; text: string; findings: Finding[] }[] {
  const out: { line: number; text: string; findings: Finding[] }[] = [];
  let inFence = false;
  ir.body.split("\n").forEach((text, i) => {
    if (FENCE.test(text)) inFence = !inFence;
    if (inFence || !text.includes("`")) return;
    for (const span of text.matchAll(/`([^`]+)`/g)) {
      const command = IN_CODE_SPAN.exec(span[1] ?? "")?.[1];
      if (command !== undefined) out.push({ line: ir.bodyStartLine + i, text, findings: commandFindings(command, 0, opts) });
    }
  });
  return out;
}
