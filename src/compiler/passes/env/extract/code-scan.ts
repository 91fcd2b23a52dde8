import { type Finding, atRow } from "./finding.js";
import { scanJavaScript } from "./javascript-code.js";
import { type Grammar, type Parsed, type Parsers, withTree } from "../../../../syntax/index.js";
import { scanPython } from "./python-code.js";
import type { ScanCtx } from "./scan-context.js";
import { scanShell } from "./shell-code.js";

/** Code inside code inside code (`bash -c "python3 -c '...'"`) is read this deep, no deeper. */
const MAX_DEPTH = 3;

export interface CodeScanOptions {
  parsers: Parsers;
  localModules: ReadonlySet<string>;
}

/** Parses `text` with one grammar and returns what it needs; undefined if the parser gave up. */
export function scanCode(grammar: Grammar, text: string, opts: CodeScanOptions, depth = 0): Parsed<Finding[]> | undefined {
  const ctx: ScanCtx = {
    parsers: opts.parsers,
    localModules: opts.localModules,
    localCommands: new Set(),
    embedded: (inner, code, row) => (depth >= MAX_DEPTH ? [] : atRow(scanCode(inner, code, opts, depth + 1)?.value ?? [], row)),
  };
  return withTree(opts.parsers[grammar], text, (root) => {
    if (grammar === "python") return scanPython(root, ctx);
    if (grammar === "bash") return scanShell(root, ctx);
    return scanJavaScript(root, ctx);
  });
}
