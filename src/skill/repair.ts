/**
 * Lenient repair for the YAML mistakes real skills make most: a top-level plain scalar holding
 * `: ` (`description: Use when: you need X`), starting with a character YAML reserves (`` ` ``,
 * `@`, `,`), or a one-line value that looks like a flow collection but is not one
 * (`argument-hint: [date] [reason]`). Such values are wrapped in double quotes, continuation
 * lines included, so the line count is unchanged and every position the parser reports still
 * maps to the author's line.
 */
export interface Repair {
  text: string;
  /** 1-based YAML lines whose value was quoted. */
  lines: number[];
}

// These match single lines of YAML text, never Markdown structure.
const TOP_LEVEL_PAIR = /^([A-Za-z_][\w.-]*)(\s*:[ \t]+)(\S.*)$/;
const COLON_INSIDE = /:(\s|$)/;
const INDENTED = /^[ \t]/;

/** First characters after which a value is not a plain scalar we may touch. */
const NOT_PLAIN = new Set(['"', "'", "{", "[", "|", ">", "&", "*", "!", "#", "%"]);
const RESERVED_START = new Set(["`", "@", ","]);
const FLOW_START = new Set(["[", "{"]);

/** `parses(line)`: whether one `key: value` line is valid YAML on its own (a broken flow value is not). */
export function repairYaml(yamlText: string, parses: (line: string) => boolean = () => true): Repair {
  const lines = yamlText.split("\n");
  const repaired: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = TOP_LEVEL_PAIR.exec(lines[i] ?? "");
    if (!m) continue;
    const [, key = "", sep = "", value = ""] = m;
    const last = continuationEnd(lines, i);
    const brokenFlow = FLOW_START.has(value.charAt(0)) && last === i && !parses(lines[i] ?? "");
    if (!brokenFlow && !needsQuoting(value, lines.slice(i + 1, last + 1))) continue;

    lines[i] = `${key}${sep}"${escape(value)}`;
    for (let j = i + 1; j <= last; j++) lines[j] = escape(lines[j] ?? "");
    lines[last] = `${lines[last] ?? ""}"`;
    repaired.push(i + 1);
    i = last;
  }
  return { text: lines.join("\n"), lines: repaired };
}

function needsQuoting(value: string, continuation: string[]): boolean {
  if (NOT_PLAIN.has(value.charAt(0))) return false;
  const all = [value, ...continuation];
  // A ` #` starts a comment; quoting would pull it into the value, so such lines are left alone.
  if (all.some((line) => line.includes(" #"))) return false;
  if (RESERVED_START.has(value.charAt(0))) return true;
  return all.some((line) => COLON_INSIDE.test(line.trim()));
}

/** Last line of a plain scalar that goes on over more-indented lines (blank lines inside too). */
function continuationEnd(lines: string[], start: number): number {
  let last = start;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] ?? "";
    if (line.trim() === "") continue;
    if (!INDENTED.test(line)) break;
    last = j;
  }
  return last;
}

const escape = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
