import type { Node } from "web-tree-sitter";
import { commandFindings } from "./command-line.js";
import type { Finding } from "./finding.js";
import { heredocManifests } from "./heredoc-files.js";
import type { ScanCtx } from "./scan-context.js";
import { shellCommands } from "./shell-commands.js";

/**
 * Requirements of a shell text: every command it runs, minus the functions it defines, and the
 * dependencies of the manifests it writes through heredocs.
 */
export function scanShell(root: Node, ctx: ScanCtx): Finding[] {
  const { commands, functions } = shellCommands(root);
  const local: ScanCtx = { ...ctx, localCommands: new Set([...ctx.localCommands, ...functions]) };
  return [...commands.flatMap((c) => commandFindings(c.argv, c.row, local)), ...heredocManifests(root)];
}

/**
 * A console transcript (`$ cmd` lines among their output) as plain shell: prompt lines keep their
 * command, a line continued with `\` keeps the next, output lines become blank so rows still
 * match the original.
 */
export function consoleToShell(text: string): string {
  const lines = text.split("\n");
  if (!lines.some((l) => /^\s*[$%] /.test(l))) return text;
  let continued = false;
  return lines
    .map((line) => {
      const prompt = /^\s*[$%] (.*)$/.exec(line);
      const kept = prompt !== null ? (prompt[1] ?? "") : continued ? line : "";
      continued = kept !== "" && kept.trimEnd().endsWith("\\");
      return kept;
    })
    .join("\n");
}
