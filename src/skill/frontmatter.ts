import { type Document, isMap, isScalar, LineCounter, parseDocument, type YAMLError, type YAMLMap } from "yaml";
import { Code } from "./codes.js";
import { Limits } from "./limits.js";
import { repairYaml } from "./repair.js";
import type { Reporter } from "./reporter.js";

/** The frontmatter as plain JSON, plus a way back from any key path to its SKILL.md line. */
export interface ParsedFrontmatter {
  data: Record<string, unknown>;
  /** The YAML text that parsed: verbatim, or with values quoted where it had to be repaired. */
  text: string;
  /** SKILL.md line of the deepest key of `path` that exists; the opening fence when none does. */
  lineOf(path: readonly string[]): number;
}

interface Parsed {
  doc: Document.Parsed;
  lines: LineCounter;
  text: string;
}

const MAX_YAML_ERRORS_SHOWN = 5;

function parse(text: string): Parsed {
  const lines = new LineCounter();
  // Duplicate keys are reported by us as a warning (last one wins), not refused.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  return { doc, lines, text };
}

/**
 * Parses the YAML between the fences. `openLine` is the SKILL.md line of the opening fence, so
 * YAML line k is SKILL.md line openLine + k. Returns undefined after reporting an error.
 */
export function parseFrontmatter(yamlText: string, openLine: number, report: Reporter): ParsedFrontmatter | undefined {
  const toLine = (p: Parsed, offset: number): number => openLine + p.lines.linePos(offset).line;
  let parsed = parse(yamlText);

  if (parsed.doc.errors.length > 0) {
    const repaired = tryRepair(yamlText, openLine, report);
    if (!repaired) {
      reportYamlErrors(parsed, toLine, report);
      return undefined;
    }
    parsed = repaired;
  }
  for (const w of parsed.doc.warnings) {
    report.warning(Code.FRONTMATTER_YAML_WARNING, `YAML: ${w.message}`, { line: toLine(parsed, w.pos[0]), hint: "YAML 1.2" });
  }

  const contents = parsed.doc.contents;
  if (contents !== null && !isMap(contents)) {
    report.error(Code.FRONTMATTER_NOT_A_MAPPING, "frontmatter must be a mapping of keys to values", {
      line: openLine + 1,
      hint: "write `name: ...` and `description: ...` lines between the --- fences",
    });
    return undefined;
  }
  reportDuplicateKeys(parsed, toLine, report);

  const data = toPlainJson(parsed, openLine, report);
  if (data === undefined) return undefined;
  return { data, text: parsed.text, lineOf: (path) => locate(parsed, path, openLine) };
}

function tryRepair(yamlText: string, openLine: number, report: Reporter): Parsed | undefined {
  const fix = repairYaml(yamlText, (line) => parse(line).doc.errors.length === 0);
  if (fix.lines.length === 0) return undefined;
  const parsed = parse(fix.text);
  if (parsed.doc.errors.length > 0) return undefined;
  for (const line of fix.lines) {
    report.warning(Code.FRONTMATTER_REPAIRED, "value holds `: `, starts with a reserved character or is a broken [list]/{map}, and is not quoted; read it as a quoted string", {
      line: openLine + line,
      hint: 'YAML plain scalars may not contain ": "; wrap the value in quotes',
    });
  }
  return parsed;
}

function reportYamlErrors(p: Parsed, toLine: (p: Parsed, offset: number) => number, report: Reporter): void {
  for (const e of p.doc.errors.slice(0, MAX_YAML_ERRORS_SHOWN)) {
    report.error(Code.FRONTMATTER_INVALID_YAML, `invalid YAML: ${e.message}`, {
      line: toLine(p, e.pos[0]),
      hint: yamlHint(e),
    });
  }
}

function yamlHint(e: YAMLError): string {
  if (e.code === "BAD_INDENT" || e.code === "TAB_AS_INDENT") return "indent with spaces, consistently";
  if (e.code === "BLOCK_AS_IMPLICIT_KEY") return 'quote values that contain ": "';
  return "the frontmatter must be valid YAML 1.2";
}

function reportDuplicateKeys(p: Parsed, toLine: (p: Parsed, offset: number) => number, report: Reporter): void {
  if (!isMap(p.doc.contents)) return;
  const seen = new Set<string>();
  for (const pair of p.doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (seen.has(key)) {
      report.warning(Code.FRONTMATTER_DUPLICATE_KEY, `key "${key}" appears more than once; the last one wins`, {
        line: pair.key.range ? toLine(p, pair.key.range[0]) : undefined,
        hint: "each frontmatter key may appear once",
      });
    }
    seen.add(key);
  }
}

/** Resolves aliases under a budget, then drops what JSON cannot hold (NaN, Infinity, undefined). */
function toPlainJson(p: Parsed, openLine: number, report: Reporter): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = p.doc.toJS({ maxAliasCount: Limits.yamlAliases });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const bomb = /alias/i.test(message);
    report.error(bomb ? Code.FRONTMATTER_ALIAS_BOMB : Code.FRONTMATTER_INVALID_YAML, bomb ? `YAML aliases expand beyond the limit (${message})` : `invalid YAML: ${message}`, {
      line: openLine + 1,
      hint: bomb ? `at most ${Limits.yamlAliases} alias expansions are allowed in frontmatter` : "the frontmatter must be valid YAML 1.2",
    });
    return undefined;
  }
  if (value === null || value === undefined) return {};
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function locate(p: Parsed, path: readonly string[], openLine: number): number {
  let node: unknown = p.doc.contents;
  let line = openLine;
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = keyIndex(node).get(key);
    if (!pair) break;
    if (isScalar(pair.key) && pair.key.range) line = openLine + p.lines.linePos(pair.key.range[0]).line;
    node = pair.value;
  }
  return line;
}

type YamlMap = YAMLMap<unknown, unknown>;
type YamlPair = YamlMap["items"][number];
const indexes = new WeakMap<YamlMap, Map<string, YamlPair>>();

/** Key -> pair, built once per map so looking up every key of a huge frontmatter stays linear. */
function keyIndex(map: YamlMap): Map<string, YamlPair> {
  let index = indexes.get(map);
  if (index === undefined) {
    index = new Map();
    // The last of duplicate keys wins, as in the parsed value.
    for (const pair of map.items) if (isScalar(pair.key)) index.set(String(pair.key.value), pair);
    indexes.set(map, index);
  }
  return index;
}
