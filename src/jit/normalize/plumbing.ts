/**
 * Literals that are API plumbing, not values a user picks: how a file is decoded, which regex
 * group to take, where `enumerate` starts counting, an index, an indent. They stay constants of
 * the template (they must agree for a served run), so a direct tool asks only for what matters.
 */

/** Keyword arguments (and option-object keys) that are plumbing: everywhere, or for the calls listed. */
const KEYWORDS: Readonly<Record<string, "any" | readonly string[]>> = {
  encoding: "any", errors: "any", newline: "any", buffering: "any", mode: "any", flags: "any", flag: "any",
  maxsplit: "any", ensure_ascii: "any", sort_keys: "any", separators: "any", exist_ok: "any", parents: "any",
  missing_ok: "any", recursive: "any", capture_output: "any", universal_newlines: "any", shell: "any", flush: "any",
  lineterminator: "any", quotechar: "any", quoting: "any", ignore_index: "any", inplace: "any", axis: "any",
  text: ["run", "check_output", "Popen", "call", "check_call"],
  check: ["run"],
  start: ["enumerate", "sum"],
  end: ["print"],
  sep: ["print"],
  file: ["print"],
  indent: ["dump", "dumps", "stringify"],
  base: ["int"],
  ndigits: ["round"],
  index: ["to_csv", "to_excel", "to_json", "to_string", "to_markdown", "to_html"],
};

/**
 * Calls whose literal numbers are indices, group numbers, widths or the API's own switches:
 * `m.group(1)`, `lines.pop(0)`, `round(x, 2)`, `JSON.stringify(v, null, 2)`, `s.padStart(3)`.
 */
const CALLS = new Set([
  "group", "groups", "span", "start", "end", "pop", "seek", "read", "readline", "readlines", "exit", "_exit", "split",
  "rsplit", "splitlines", "enumerate", "round", "int", "zfill", "ljust", "rjust", "center", "index", "get", "insert",
  "decode", "encode", "stringify", "slice", "substring", "substr", "splice", "at", "charAt", "charCodeAt", "codePointAt",
  "padStart", "padEnd", "toFixed", "toPrecision", "toString", "parseInt", "parseFloat", "repeat", "item", "nth",
]);

/** Whether `keyword=` of a call to `callee` is plumbing. */
export function isPlumbingKeyword(keyword: string, callee: string | undefined): boolean {
  const rule = KEYWORDS[keyword];
  if (!rule) return false;
  return rule === "any" || (callee !== undefined && rule.includes(callee));
}

/** Whether the literal numbers given to `callee` are plumbing. */
export const isPlumbingCall = (callee: string | undefined): boolean => callee !== undefined && CALLS.has(callee);
