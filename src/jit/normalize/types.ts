import type { ParamType, ParamValue, ScriptArgs } from "../schema.js";

/** A literal in the code: a typed hole in the normalized stream. */
export interface Hole {
  type: ParamType;
  /** Parameter holes are values a user changes; constants (regexes, format strings) must agree. */
  role: "param" | "const";
  /** Where a parameter's name comes from: the variable, keyword or option it is bound to. */
  hint?: { name: string; source: string };
  value: ParamValue;
  /** Canonical text of the literal, compared for constants. */
  canonical: string;
  /** UTF-16 offsets of the literal in the code (what the program renderer replaces). */
  start: number;
  end: number;
  /** 1-based line in the code. */
  line: number;
  /** A shell word written without quotes (where `~/` expands). */
  bare?: boolean;
  /** A command's operand before any `--`: a value starting with `-` would become an option. */
  operand?: boolean;
  /** How the literal is written back as a parameter read: a collection wraps the array. */
  wrap?: "set" | "tuple";
}

/** A mention of one of the skill's bundled files, normalized to the file itself. */
export interface BundledRef {
  path: string;
  start: number;
  end: number;
  line: number;
}

/** Code reduced to what decides its meaning, with layout, comments and local names gone. */
export interface Normalized {
  tokens: string[];
  /** 1-based source line of each token (for explaining differences). */
  lines: number[];
  holes: Hole[];
  bundled: BundledRef[];
  apis: string[];
  imports: string[];
  control: string[];
  /** The parse had syntax errors (the code is still normalized as far as it goes). */
  clean: boolean;
}

export interface NormalizeContext {
  /** The skill's bundled files (relative paths), so `scripts/x.py` in any spelling is one token. */
  bundled: ReadonlySet<string>;
  /** The skill's absolute folder as the model sees it in served instructions. */
  skillDir?: string;
  /** How bundled scripts take their arguments: a list positional's values are one array hole. */
  scripts?: Readonly<Record<string, ScriptArgs>>;
}

export const HOLE_TOKEN: Readonly<Record<ParamType, string>> = {
  string: "⟨str⟩",
  // 5 and 5.0 behave differently (range(5.0) raises): an integer hole never matches a float.
  integer: "⟨int⟩",
  number: "⟨float⟩",
  boolean: "⟨bool⟩",
  array: "⟨arr⟩",
};
