import { locateEvidence, noteAfter, toolCall, type Transform, type TransformContext } from "./transform.js";

const NAME = "concrete-regex";
/** Pattern literals in code: Python `re.*(r"...")`, JS `/.../` in match/replace/test/split, `new RegExp("...")`. */
const PATTERNS: readonly RegExp[] = [
  /\bre\.(?:compile|match|search|fullmatch|findall|finditer|sub|split)\(\s*r?(["'])((?:\\.|(?!\1).)+)\1/g,
  /\.(?:match|matchAll|replace|replaceAll|test|split|search)\(\s*\/((?:\\.|[^/\n])+)\/[dgimsuy]*/g,
  /new RegExp\(\s*(["'`])((?:\\.|(?!\1).)+)\1/g,
];

/**
 * gen.regex: rather than having the model write regular expressions, the concrete patterns in the
 * skill's own code (its templates) are listed to use as written; with none, each pattern the
 * model writes is tested through `run_code` before it is relied on.
 */
export const concreteRegex: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "gen.regex",
  apply(ctx, gap) {
    const patterns = skillPatterns(ctx);
    const test = toolCall("run_code", { skill: ctx.skill, language: "python", code: "import re; assert re.search(P, MATCH) and not re.search(P, NO_MATCH)" });
    const text = patterns.length
      ? `use the skill's own patterns as written rather than new ones: ${patterns.map((p) => `\`${p}\``).join(", ")}; test any pattern you change with ${test}.`
      : `test every regular expression before relying on it, on one string that must match and one that must not: ${test}.`;
    return locateEvidence(ctx, gap).map((at) => noteAfter(ctx, NAME, gap, at, text));
  },
};

/** Distinct pattern literals in the skill's fenced code, in order of appearance (at most 8). */
function skillPatterns(ctx: TransformContext): string[] {
  const found = new Set<string>();
  for (const fence of ctx.doc.fences) {
    const code = ctx.doc.lines.slice(fence.open + 1, fence.close).join("\n");
    for (const re of PATTERNS) for (const m of code.matchAll(re)) found.add(m[m.length - 1]!);
  }
  return [...found].filter((p) => !p.includes("`")).slice(0, 8);
}
