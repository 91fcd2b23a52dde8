import { commandLines, INTERPRETERS, shellTokens, stripDirPrefix } from "../paths/invocation.js";

/** What a piece of code or prose touches: files by name, shell variables as `$NAME`. */
export interface Flow {
  reads: string[];
  writes: string[];
}

// A word that names a file: something with an extension, optionally under folders.
const FILE_WORD = /^(?:\.\/)?[A-Za-z0-9_][A-Za-z0-9_.\-/]*\.[A-Za-z][A-Za-z0-9]{0,5}$/;
const WRITE_FLAGS = new Set(["--out", "--output", "-o", "--out-file", "--output-file", "--outfile", "--dest", "--save"]);
const REDIRECT_OUT = new Set([">", ">>", ">|", "&>"]);
// Variables every shell has: using them is not data flow between steps.
const AMBIENT = new Set(["HOME", "PATH", "PWD", "USER", "SHELL", "TMPDIR", "LANG", "SKVM_SKILL_DIR", "HERMES_SKILL_DIR"]);

// Version numbers (`1.2.0`) and git ranges (`FROM..TO`) look like file names but are not.
export const isFileWord = (word: string): boolean => FILE_WORD.test(word) && !/^v?\d+(\.\d+)*$/.test(word) && !word.includes("..");
const normalize = (path: string): string => path.replace(/^\.\//, "");

/** Files a shell block reads and writes (`--out x`, `> x`, `tee x` write; other file words read) and variables it sets/uses. */
export function shellFlow(code: string, skip: ReadonlySet<string> = new Set()): Flow {
  const reads = new Set<string>();
  const writes = new Set<string>();
  for (const { text } of commandLines(code)) {
    const tokens = shellTokens(text);
    if (!tokens) continue;
    let writeNext = false;
    let command: string | undefined;
    for (const token of tokens) {
      if (typeof token !== "string") {
        const op = "op" in token ? token.op : "";
        writeNext = REDIRECT_OUT.has(op);
        if (op === "|" || op === "&&" || op === "||" || op === ";") command = undefined;
        continue;
      }
      const [flag, inline] = token.startsWith("--") && token.includes("=") ? token.split(/=(.*)/s) : [token, undefined];
      if (inline !== undefined && flag !== undefined) {
        if (isFileWord(inline)) (WRITE_FLAGS.has(flag) ? writes : reads).add(normalize(inline));
        continue;
      }
      const isWrite = writeNext || command === "tee";
      writeNext = WRITE_FLAGS.has(token);
      command ??= token;
      if (!isFileWord(token) || skip.has(normalize(token))) continue;
      (isWrite ? writes : reads).add(normalize(token));
    }
  }
  const vars = shellVariables(code);
  return { reads: [...reads, ...vars.uses].filter((r) => !writes.has(r)), writes: [...writes, ...vars.sets] };
}

/**
 * Commands whose effects on files are all in their words: what they read and write is visible
 * to shellFlow (arguments, redirects, `tee`). A bundled script counts too: the skill documents
 * it by its arguments. Anything else (`pip install`, `rm`, `cd`, `make`) may touch anything.
 */
const VISIBLE_EFFECTS = new Set([
  "cat", "wc", "grep", "egrep", "fgrep", "sort", "uniq", "head", "tail", "cut", "tr", "ls", "du", "echo", "printf",
  "jq", "tee", "diff", "comm", "nl", "basename", "dirname", "date", "test", "[", "true", "false", "export", "column", "paste", "rev",
]);

/** The first command of a shell block whose effects shellFlow cannot see (see VISIBLE_EFFECTS), or undefined when there is none. */
export function hiddenEffects(code: string, bundled: ReadonlySet<string>): string | undefined {
  const isBundled = (word: string) => bundled.has(stripDirPrefix(word));
  for (const { text } of commandLines(code)) {
    const tokens = shellTokens(text);
    if (!tokens) return text.trim();
    let start = true;
    let interpreter = false;
    for (const token of tokens) {
      if (typeof token !== "string") {
        if ("comment" in token) break;
        start = "op" in token && ["|", "&&", "||", ";"].includes(token.op);
        continue;
      }
      if (!start) continue;
      if (/^[A-Za-z_]\w*=/.test(token)) continue;
      if (interpreter) {
        if (!isBundled(token)) return `${text.trim().split(/\s+/)[0]} ${token}`;
        interpreter = false;
        start = false;
        continue;
      }
      if (INTERPRETERS.has(token)) {
        interpreter = true;
        continue;
      }
      if (!VISIBLE_EFFECTS.has(token) && !isBundled(token)) return token;
      start = false;
    }
  }
  return undefined;
}

function shellVariables(code: string): { sets: string[]; uses: string[] } {
  const sets = new Set([...code.matchAll(/(?:^|[\s;&|])(?:export\s+)?([A-Za-z_]\w*)=/gm)].map((m) => `$${m[1]}`));
  const uses = [...code.matchAll(/\$\{?([A-Za-z_]\w*)/g)]
    .map((m) => m[1] ?? "")
    .filter((name) => !AMBIENT.has(name) && !sets.has(`$${name}`))
    .map((name) => `$${name}`);
  return { sets: [...sets], uses: [...new Set(uses)] };
}

const PY_OPEN = /\bopen\(\s*(["'])([^"']+)\1\s*(?:,\s*(?:mode\s*=\s*)?(["'])([a-z+]+)\3)?/g;
const PY_WRITE = /\.(?:to_csv|to_json|to_parquet|to_excel|write_text|write_bytes|savefig|save)\(\s*(["'])([^"']+)\1/g;
const PY_READ = /\b(?:read_csv|read_json|read_parquet|read_excel|read_text|read_bytes|load)\(\s*(["'])([^"']+)\1/g;

/** Files a Python block opens or saves by literal name. */
export function pythonFlow(code: string): Flow {
  const reads = new Set<string>();
  const writes = new Set<string>();
  for (const m of code.matchAll(PY_OPEN)) (/[wax]/.test(m[4] ?? "") ? writes : reads).add(normalize(m[2] ?? ""));
  for (const m of code.matchAll(PY_WRITE)) writes.add(normalize(m[2] ?? ""));
  for (const m of code.matchAll(PY_READ)) reads.add(normalize(m[2] ?? ""));
  return { reads: [...reads].filter((r) => !writes.has(r)), writes: [...writes] };
}

/** File names prose mentions: a step that says "read `report.md`" needs whoever wrote it. */
export function proseReads(text: string): string[] {
  const words = text.split(/[\s`"'(),;:]+/).map((w) => w.replace(/[.]+$/, ""));
  return [...new Set(words.filter(isFileWord).map(normalize))];
}

const STEP_REFS = /\b(?:after|wait for|waits for|once|following|output of|results? of|from)\s+steps?\s+(\d+(?:\s*(?:,|and|&|or|-)\s*\d+)*)/gi;

/** Step numbers prose says a step waits for ("wait for steps 2, 3 and 4"). */
export function stepReferences(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(STEP_REFS)) found.push(...(m[1] ?? "").split(/\D+/).filter(Boolean).map(Number));
  return [...new Set(found)];
}
