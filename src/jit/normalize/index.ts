import type { Parsers } from "../../syntax/index.js";
import type { JitLang } from "../schema.js";
import { normalizeBash } from "./bash.js";
import { normalizeJavascript } from "./javascript.js";
import { normalizePython } from "./python.js";
import { copyTree } from "./syntax-node.js";
import type { NormalizeContext, Normalized } from "./types.js";

export type { Hole, NormalizeContext, Normalized, BundledRef } from "./types.js";

/** Code longer than this is not fingerprinted (it is still run as given). */
export const MAX_NORMALIZE_CHARS = 256 * 1024;

const WALKERS = { python: normalizePython, bash: normalizeBash, javascript: normalizeJavascript } as const;
const GRAMMAR = { python: "python", bash: "bash", javascript: "javascript" } as const;

/**
 * Reduces code to the stream fingerprints are taken of: comments, docstrings and layout dropped;
 * names the code binds renamed by first use; literals turned into typed holes; keyword
 * arguments and imports put in a canonical order; mentions of the skill's bundled files made one
 * token whatever their spelling. Undefined for code too large to parse.
 */
export function normalize(parsers: Parsers, lang: JitLang, code: string, ctx: NormalizeContext): Normalized | undefined {
  if (code.length > MAX_NORMALIZE_CHARS) return undefined;
  const tree = parsers[GRAMMAR[lang]].parse(code);
  if (!tree) return undefined;
  try {
    return WALKERS[lang](copyTree(tree, code), ctx);
  } finally {
    tree.delete();
  }
}
