import type { Node } from "web-tree-sitter";
import { type Word, wordValue } from "./shell-words.js";

/** One simple command of a shell text: `argv[0]` is the command name. */
export interface ShellCommand {
  argv: Word[];
  row: number;
}

/**
 * Every simple command in a bash tree, wherever it sits: pipelines, lists, subshells, `$(...)`,
 * `if`/`while` conditions, function bodies. Heredoc bodies are data and are not descended into
 * by the grammar, so `cat <<EOF ... EOF` text never counts.
 */
export function shellCommands(root: Node): { commands: ShellCommand[]; functions: Set<string> } {
  const commands: ShellCommand[] = [];
  for (const node of root.descendantsOfType("command")) {
    if (node === null) continue;
    const name = node.childForFieldName("name");
    if (name === null) continue;
    const first = name.namedChildren[0] ?? null;
    const argv: Word[] = [first === null ? null : wordValue(first)];
    for (const arg of node.childrenForFieldName("argument")) argv.push(arg === null ? null : wordValue(arg));
    commands.push({ argv, row: node.startPosition.row });
  }
  const functions = new Set<string>();
  for (const fn of root.descendantsOfType("function_definition")) {
    const name = fn?.childForFieldName("name")?.text;
    if (name !== undefined) functions.add(name);
  }
  return { commands, functions };
}
