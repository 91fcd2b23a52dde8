import type { Node } from "web-tree-sitter";

/** A command-line word: its literal text, or null when it depends on an expansion (`$x`, `$(...)`). */
export type Word = string | null;

/** The literal value of a bash word node, with quotes and backslash escapes removed. */
export function wordValue(node: Node): Word {
  switch (node.type) {
    case "word":
    case "number":
      return node.text.replace(/\\(.)/g, "$1");
    case "raw_string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      return node.text.slice(2, -1);
    case "string":
      // Inside double quotes a backslash escapes only \ " $ and `.
      return node.namedChildren.every((c) => c?.type === "string_content") ? node.text.slice(1, -1).replace(/\\([\\"$`])/g, "$1") : null;
    case "concatenation": {
      const parts = node.namedChildren.map((c) => (c === null ? null : wordValue(c)));
      return parts.every((p) => p !== null) ? parts.join("") : null;
    }
    default:
      return null;
  }
}
