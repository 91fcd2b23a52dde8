import { DESCRIPTION_MAX } from "./skill-name.js";

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^#{1,6}\s+(.*?)\s*#*\s*$/;

/**
 * A description for a skill that gives none: its first heading and the paragraph after it, in
 * plain words (Markdown emphasis, links and code marks dropped), at most 1024 characters.
 * Undefined when the body has neither.
 */
export function descriptionFromBody(body: string): string | undefined {
  let heading: string | undefined;
  const paragraph: string[] = [];
  let inFence = false;
  for (const line of body.split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || FENCE.test(line)) {
      if (paragraph.length) break;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      if (paragraph.length) break;
      heading ??= plain(h[1] ?? "");
      continue;
    }
    if (line.trim() === "") {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(plain(line));
  }
  const text = [heading, paragraph.join(" ")].filter((part) => part !== undefined && part !== "").join(": ");
  if (text === "") return undefined;
  const chars = [...text];
  return chars.length <= DESCRIPTION_MAX ? text : `${chars.slice(0, DESCRIPTION_MAX - 3).join("")}...`;
}

const plain = (md: string): string =>
  md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]+/g, "")
    .replace(/^\s*(?:[-+>]|\d+[.)])\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
