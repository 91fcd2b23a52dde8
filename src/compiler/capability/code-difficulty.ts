import { PYTHON_STDLIB } from "../passes/env/extract/python-stdlib.js";

// How hard a piece of code is to write, on the catalogue's scale for gen.code.*: L1 a short
// program with loops and input, L2 real library/data work, L3 concurrency, several functions
// or a long program. Each verdict names the line that decided it.

export type CodeLang = "python" | "javascript" | "shell" | "sql" | "html";

export interface Difficulty {
  level: 1 | 2 | 3;
  /** 0-based line of the code that decided the level. */
  offset: number;
  why: string;
}

const LONG_LINES = 60;
const MEDIUM_LINES = 25;

const codeLineCount = (lines: readonly string[]): number => lines.filter((l) => l.trim() !== "" && !/^\s*(?:#|\/\/|--)/.test(l)).length;

const firstLine = (lines: readonly string[], re: RegExp): number => lines.findIndex((l) => re.test(l));

const firstCode = (lines: readonly string[]): number => Math.max(0, lines.findIndex((l) => l.trim() !== "" && !/^\s*(?:#|\/\/|--)/.test(l)));

/** The first rule that matches decides; the base level is L1 at the first code line. */
function judge(lines: readonly string[], rules: readonly { level: 1 | 2 | 3; find: (lines: readonly string[]) => number; why: string }[]): Difficulty {
  for (const rule of rules) {
    const at = rule.find(lines);
    if (at >= 0) return { level: rule.level, offset: at, why: rule.why };
  }
  return { level: 1, offset: firstCode(lines), why: "" };
}

const longer = (n: number) => (lines: readonly string[]) => (codeLineCount(lines) >= n ? firstCode(lines) : -1);
const nth = (re: RegExp, n: number) => (lines: readonly string[]) => {
  const hits = lines.flatMap((l, i) => (re.test(l) ? [i] : []));
  return hits.length >= n ? (hits[n - 1] ?? -1) : -1;
};
const has = (re: RegExp) => (lines: readonly string[]) => firstLine(lines, re);

const PY_IMPORT = /^\s*(?:from\s+([A-Za-z_][\w]*)[\w.]*\s+import\b|import\s+([A-Za-z_][\w]*))/;
/** Modules of the skill itself and the standard library are not libraries to learn. */
const thirdPartyImport = (local: ReadonlySet<string>) => (lines: readonly string[]) =>
  lines.findIndex((l) => {
    const m = PY_IMPORT.exec(l);
    const mod = m?.[1] ?? m?.[2];
    return mod !== undefined && !PYTHON_STDLIB.has(mod) && !local.has(mod);
  });

const NODE_BUILTIN = /^(?:node:|fs|path|os|url|util|crypto|child_process|stream|events|http|https|zlib|readline|assert|buffer|process|worker_threads|timers)(?:\/|$)/;
const jsLibraryImport = (lines: readonly string[]) =>
  lines.findIndex((l) => {
    const m = /(?:\bfrom\s+|\brequire\(\s*|\bimport\s+)["']([^"']+)["']/.exec(l);
    const spec = m?.[1];
    return spec !== undefined && !spec.startsWith(".") && !NODE_BUILTIN.test(spec);
  });

const RULES = (lang: CodeLang, local: ReadonlySet<string>) => {
  switch (lang) {
    case "python":
      return [
        { level: 3 as const, find: has(/\b(?:asyncio|threading|multiprocessing|concurrent\.futures|ThreadPoolExecutor|ProcessPoolExecutor)\b|^\s*async\s+def\b/), why: "concurrent Python (async, threads or processes)" },
        { level: 3 as const, find: nth(/^\s*(?:def|class)\s+\w/, 3), why: "a multi-function Python program" },
        { level: 3 as const, find: longer(LONG_LINES), why: `a Python program of ${LONG_LINES}+ lines` },
        { level: 2 as const, find: thirdPartyImport(local), why: "Python using a third-party library" },
        { level: 2 as const, find: nth(/^\s*def\s+\w/, 2), why: "Python with several functions" },
        { level: 2 as const, find: longer(MEDIUM_LINES), why: `a Python program of ${MEDIUM_LINES}+ lines` },
      ];
    case "javascript":
      return [
        { level: 3 as const, find: has(/\bPromise\.(?:all|allSettled|race|any)\b|\bworker_threads\b|\bnew Worker\b/), why: "concurrent JavaScript (Promise.all, workers)" },
        { level: 3 as const, find: nth(/\bfunction\b|=>\s*\{/, 3), why: "a multi-function JavaScript program" },
        { level: 3 as const, find: longer(LONG_LINES), why: `a JavaScript program of ${LONG_LINES}+ lines` },
        { level: 2 as const, find: has(/\bawait\b|\basync\b/), why: "asynchronous JavaScript" },
        { level: 2 as const, find: jsLibraryImport, why: "JavaScript using a library" },
        { level: 2 as const, find: longer(MEDIUM_LINES), why: `a JavaScript program of ${MEDIUM_LINES}+ lines` },
      ];
    case "shell":
      return [
        { level: 3 as const, find: has(/\bawk\b.*\{[^}]*(?:\[\$|\+=|\bfor\b)/), why: "an awk program that aggregates per key" },
        { level: 2 as const, find: has(/(?:\|[^|]+){2,}\|/), why: "a pipeline of several tools" },
        { level: 2 as const, find: has(/^\s*(?:for|while|until|case|if)\b|^\s*(?:function\s+)?\w+\s*\(\)\s*\{/), why: "shell control flow (loops, conditions or functions)" },
      ];
    case "sql":
      return [
        { level: 3 as const, find: has(/\bOVER\s*\(|\bPARTITION\s+BY\b|^\s*WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\b/i), why: "SQL with window functions or CTEs" },
        { level: 2 as const, find: has(/\bJOIN\b|\bGROUP\s+BY\b|\bHAVING\b/i), why: "SQL with joins or grouping" },
      ];
    case "html":
      return [
        { level: 3 as const, find: has(/<svg\b|<canvas\b/i), why: "HTML with graphics (SVG or canvas)" },
        { level: 2 as const, find: has(/<(?:table|thead|tbody|header|main|footer|section|form)\b/i), why: "semantic HTML layout or tables" },
      ];
  }
};

export function codeDifficulty(lang: CodeLang, code: string, localModules: ReadonlySet<string> = new Set()): Difficulty {
  const lines = code.split("\n");
  return judge(lines, RULES(lang, localModules));
}
