import type { Heading, Nodes } from "mdast";

/**
 * The text of a node, with the semantics of mdast-util-to-string: literal values, image alt text,
 * children concatenated. (Kept local: it is a dozen lines and the package is not a direct dependency.)
 */
export function plainText(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("alt" in node && typeof node.alt === "string") return node.alt;
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

const BLOCK_CONTAINERS: ReadonlySet<string> = new Set(["root", "blockquote", "list", "listItem", "footnoteDefinition"]);

/**
 * Prose of a block, one line per paragraph, code blocks left out (steps point at them by id).
 * plainText alone would glue paragraphs together ("Run itThen check").
 */
export function proseText(node: Nodes): string {
  if (node.type === "code") return "";
  if (BLOCK_CONTAINERS.has(node.type) && "children" in node) {
    return (node.children as Nodes[])
      .map(proseText)
      .filter((t) => t !== "")
      .join("\n");
  }
  return plainText(node).trim();
}

export const headingText = (h: Heading): string => plainText(h).trim();
