import { looksLikePath } from "./normalize/emitter.js";
import type { ScriptArgs } from "./schema.js";

/**
 * What a bundled Python script's argparse declares: `add_argument("files", nargs="+")` is a
 * list positional named `files`, `add_argument("--json", action="store_true")` a flag.
 * Undefined when the script declares nothing (another parser, or `sys.argv` read by hand).
 */
export function argparseArgs(source: string): ScriptArgs | undefined {
  const positionals: ScriptArgs["positionals"] = [];
  const flags: string[] = [];
  for (const call of addArgumentCalls(source)) {
    const given = leadingStrings(call);
    if (given.length === 0) continue;
    if (given.every((n) => !n.startsWith("-"))) {
      positionals.push({ name: given[0]!, list: /\bnargs\s*=\s*["'][+*]["']/.test(call) || /\bnargs\s*=\s*argparse\.REMAINDER/.test(call) });
      continue;
    }
    if (/\baction\s*=\s*["'](store_true|store_false|store_const|count|help|version)["']/.test(call) || /\bnargs\s*=\s*0\b/.test(call)) flags.push(...given);
  }
  return positionals.length || flags.length ? { positionals, flags } : undefined;
}

/** `"-o", "--out", help="..."` -> ["-o", "--out"]: the names an argument is declared with. */
function leadingStrings(args: string): string[] {
  const names: string[] = [];
  const literal = /^\s*(["'])([^"'\\]+)\1\s*(,|$)/;
  for (let rest = args, m = literal.exec(rest); m; rest = rest.slice(m[0].length), m = literal.exec(rest)) names.push(m[2]!);
  return names;
}

/** The argument text of every `add_argument(...)` call, parentheses balanced outside strings. */
function addArgumentCalls(source: string): string[] {
  const calls: string[] = [];
  for (const m of source.matchAll(/\.add_argument\(/g)) {
    const start = m.index + m[0].length;
    let depth = 1;
    let quote: string | undefined;
    let at = start;
    for (; at < source.length && depth > 0 && at - start < 4000; at++) {
      const c = source[at]!;
      if (quote) {
        if (c === "\\") at++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "(") depth++;
      else if (c === ")") depth--;
    }
    if (depth === 0) calls.push(source.slice(start, at - 1));
  }
  return calls;
}

/**
 * Without a declared parser, the skill's own documentation is the evidence: a script it shows
 * run with different numbers of positional arguments takes a list of them.
 */
export function documentedArgs(runs: readonly (readonly string[])[]): ScriptArgs | undefined {
  const given = runs.map(positionalValues).filter((values) => values.length > 0);
  if (new Set(given.map((values) => values.length)).size < 2) return undefined;
  // Only values of one kind make a list: `recalc.py out.xlsx 30` is a file and a timeout.
  if (!given.flat().every(looksLikePath)) return undefined;
  return { positionals: [{ name: "paths", list: true }], flags: [] };
}

/** The words a documented run passes by position: neither options nor the word after an option. */
function positionalValues(args: readonly string[]): string[] {
  return args.filter((arg, i) => !arg.startsWith("-") && !(args[i - 1]?.startsWith("-") && !args[i - 1]!.includes("=")));
}
