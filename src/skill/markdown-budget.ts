import { Limits } from "./limits.js";

/**
 * A linear pre-scan that refuses Markdown the parser would take minutes on, before any parse.
 * micromark is linear on ordinary text but superlinear on long or deep container nesting
 * (thousands of list items, lists fifty levels deep, `- - - -` or `> > >` chains on one line), on
 * thousands of link openers and on long runs of emphasis delimiters (`*_*_*_`). The scan only
 * counts such shapes to estimate cost; structure always comes from the real parser, which runs
 * under its own deadline anyway (bounded-outline.ts): this scan makes the common bombs cheap.
 */
const MAX_CONTAINER_LINES = 2_000;
const MAX_CONTAINER_INDENT = 64;
const MAX_CONTAINER_CHAIN = 32;
const MAX_LINK_OPENERS = 4_000;
/** Per line: a long paragraph of honest prose has a few per sentence, a bomb thousands in a row. */
const MAX_DELIMITERS_PER_LINE = 1_000;
const MAX_FENCES = 2 * Limits.codeBlocks;

const CONTAINER_OPENER = /^(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*/;
const FENCE = /^ {0,3}(?:```|~~~)/;
const DELIMITER = /[*_[\]]/g;

/** Why the body is over budget, or undefined when it is safe to hand to the parser. */
export function overMarkdownBudget(body: string): string | undefined {
  let containerLines = 0;
  let fences = 0;
  for (const line of body.split("\n")) {
    if (FENCE.test(line)) {
      if (++fences > MAX_FENCES) return `more than ${Limits.codeBlocks} fenced code blocks`;
      continue;
    }
    const delimiters = fences % 2 === 0 ? (line.match(DELIMITER)?.length ?? 0) : 0;
    if (delimiters > MAX_DELIMITERS_PER_LINE) return `a line holds more than ${MAX_DELIMITERS_PER_LINE} emphasis or bracket characters`;
    const indent = leadingColumns(line);
    const chain = containerChain(line.trimStart());
    if (chain > MAX_CONTAINER_CHAIN) return `a line opens ${chain} nested lists or block quotes (at most ${MAX_CONTAINER_CHAIN})`;
    if (chain > 0 && indent > MAX_CONTAINER_INDENT) return `a list item is indented ${indent} columns (at most ${MAX_CONTAINER_INDENT})`;
    if (chain > 0 && ++containerLines > MAX_CONTAINER_LINES) return `more than ${MAX_CONTAINER_LINES} list-item or block-quote lines`;
  }
  let links = 0;
  for (let at = body.indexOf("]("); at !== -1; at = body.indexOf("](", at + 2)) {
    if (++links > MAX_LINK_OPENERS) return `more than ${MAX_LINK_OPENERS} links`;
  }
  return undefined;
}

function leadingColumns(line: string): number {
  let columns = 0;
  for (const c of line) {
    if (c === " ") columns++;
    else if (c === "\t") columns += 4;
    else break;
  }
  return columns;
}

/** How many list markers or `>` open one after another at the start of a (trimmed) line. */
function containerChain(line: string): number {
  let count = 0;
  let rest = line;
  for (let m = CONTAINER_OPENER.exec(rest); m !== null && m[0].length > 0; m = CONTAINER_OPENER.exec(rest)) {
    count++;
    rest = rest.slice(m[0].length);
    if (count > MAX_CONTAINER_CHAIN) break;
  }
  return count;
}
