import { z } from "zod";

/** Languages the JIT understands: what a template is written in and what `run_code` accepts. */
export const JitLang = z.enum(["python", "bash", "javascript"]);
export type JitLang = z.infer<typeof JitLang>;

/** Info-string languages (lowercased) that map onto a JIT language. */
const LANG_ALIASES: Readonly<Record<string, JitLang>> = {
  python: "python", py: "python", python3: "python",
  bash: "bash", sh: "bash", shell: "bash", zsh: "bash",
  javascript: "javascript", js: "javascript", mjs: "javascript", cjs: "javascript", node: "javascript",
  typescript: "javascript", ts: "javascript",
};
export const jitLang = (lang: string): JitLang | undefined => LANG_ALIASES[lang.toLowerCase()];

export const ParamType = z.enum(["string", "integer", "number", "boolean", "array"]);
export type ParamType = z.infer<typeof ParamType>;

export const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
export type ParamValue = z.infer<typeof ParamValue>;

export const TemplateParam = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  type: ParamType,
  /** The value the skill's author wrote: what the direct tool uses when the caller omits it. */
  default: ParamValue,
  /** Where the name came from, e.g. `variable path`, `option --top`, `keyword encoding`. */
  description: z.string(),
  /**
   * An operand of a shell command (before any `--`): a value starting with `-` is refused,
   * since the command would read it as an option (`wc --files0-from=/etc/hostname`).
   */
  operand: z.boolean().optional(),
});
export type TemplateParam = z.infer<typeof TemplateParam>;

/** Each literal hole of the template, in normalized order: a parameter, or a constant that must agree. */
export const HoleSlot = z.union([
  /** `bare`: an unquoted shell word, where a `~/` value expands. */
  z.object({ param: z.string(), bare: z.boolean().optional() }),
  z.object({ constant: z.string() }),
]);
export type HoleSlot = z.infer<typeof HoleSlot>;

/**
 * One template in `manifest.templates`. `id`, `lang`, `origin`, `params` and `fingerprint` are
 * fixed by the artifact contract; the rest is what the runtime matcher needs so it never has to
 * re-parse template code.
 */
export const Template = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  lang: JitLang,
  /** `SKILL.md:L40-L52`. */
  origin: z.string(),
  /** `code-block`: a fenced block to copy and adapt; `script`: a documented run of a bundled script. */
  kind: z.enum(["code-block", "script"]),
  title: z.string(),
  params: z.array(TemplateParam),
  /** `sha256:` of the normalized token stream (exact matches). */
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The normalized stream itself: lets a near match be explained token by token. */
  tokens: z.array(z.string()),
  /** Winnowed k-gram hashes of the normalized stream (near matches). */
  kgrams: z.array(z.number().int().nonnegative()),
  holes: z.array(HoleSlot),
  /** Guards a near match must pass: the same calls, imports and control flow. */
  guard: z.object({ apis: z.array(z.string()), imports: z.array(z.string()), control: z.array(z.string()) }),
  /** Reads only (no writes, processes or network): results may be cached. */
  pure: z.boolean(),
  /** The runnable canonical program, relative to the compiled skill folder. */
  file: z.string(),
  /** Tokens of the code as written: what a model spends to regenerate it. */
  codeTokens: z.number().int().nonnegative(),
});
export type Template = z.infer<typeof Template>;

/** What matching a piece of code against a skill's templates found. */
export const MatchResult = z.object({
  matched: z.boolean(),
  /**
   * `exact`: same normalized code, constants agree, parameters valid: the template can run it.
   * `variant`: same structure, but a constant (regex, format string) or a parameter's type differs.
   * `near`: similar code (winnowed k-grams) with the same calls, imports and control flow.
   */
  kind: z.enum(["exact", "variant", "near", "none"]),
  skill: z.string().optional(),
  template: z.string().optional(),
  title: z.string().optional(),
  /** 1 for a structural match, else the k-gram similarity of the best candidate. */
  score: z.number(),
  params: z.record(z.string(), ParamValue),
  /** Why it is not an exact match, one reason a line. */
  differs: z.array(z.string()),
});
export type MatchResult = z.infer<typeof MatchResult>;

/**
 * The command line of a bundled script, read from its argument parser: positional arguments in
 * order (a `list` one takes one or more values: `text_stats.py a b` and `a b c` are one
 * template with one array parameter) and the options that take no value.
 */
export const ScriptArgs = z.object({
  positionals: z.array(z.object({ name: z.string(), list: z.boolean() })),
  flags: z.array(z.string()),
});
export type ScriptArgs = z.infer<typeof ScriptArgs>;
