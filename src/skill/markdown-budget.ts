/**
 * A linear pre-scan that refuses Markdown the parser would take minutes on. micromark is linear
 * on ordinary text but superlinear on long or deep container nesting (thousands of list items,
 * lists fifty levels deep, lines of hundreds of `>`) and on thousands of link openers; a hostile
 * 1 MiB SKILL.md built that way stalls a server loading a registry. The scan only counts line
 * prefixes to estimate cost; structure itself always comes from the real parser.
 */
const MAX_CONTAINER_LINES = 2_000;
const MAX_CONTAINER_INDENT = 64;
const MAX_QUOTE_DEPTH = 32;
const MAX_LINK_OPENERS = 4_000;

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

/** Why the body is over budget, or undefined when it is safe to parse. */
export function overMarkdownBudget(body: string): string | undefined {
  let containerLines = 0;
  for (const line of body.split("\n")) {
    let indent = 0;
    let quotes = 0;
    let i = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === " ") indent++;
      else if (c === "\t") indent += 4;
      else if (c === ">") quotes++;
      else break;
    }
    if (quotes > MAX_QUOTE_DEPTH) return `a line is nested in ${quotes} block quotes (at most ${MAX_QUOTE_DEPTH})`;
    const item = LIST_MARKER.test(line.slice(i, i + 12));
    if (item && indent > MAX_CONTAINER_INDENT) return `a list item is indented ${indent} columns (at most ${MAX_CONTAINER_INDENT})`;
    if ((item || quotes > 0) && ++containerLines > MAX_CONTAINER_LINES) return `more than ${MAX_CONTAINER_LINES} list-item or block-quote lines`;
  }
  let links = 0;
  for (let at = body.indexOf("]("); at !== -1; at = body.indexOf("](", at + 2)) {
    if (++links > MAX_LINK_OPENERS) return `more than ${MAX_LINK_OPENERS} links`;
  }
  return undefined;
}
