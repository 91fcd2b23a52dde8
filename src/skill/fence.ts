/** SKILL.md cut at its `---` fences, with the line arithmetic needed to map positions back. */
export interface Fenced {
  /** The YAML between the fences, verbatim (LF line endings). */
  yamlText: string;
  /** SKILL.md line of the opening fence; YAML line `k` is SKILL.md line `openLine + k`. */
  openLine: number;
  body: string;
  bodyStartLine: number;
}

export type FenceResult = { ok: true; fenced: Fenced } | { ok: false; reason: "missing" | "unterminated"; line: number };

const isFence = (line: string | undefined): boolean => line !== undefined && line.trimEnd() === "---";

/** Splits normalized (LF) SKILL.md text. Blank lines before the opening fence are tolerated. */
export function splitFrontmatter(text: string): FenceResult {
  const lines = text.split("\n");
  let open = 0;
  while (open < lines.length && lines[open]?.trim() === "") open++;
  if (!isFence(lines[open])) return { ok: false, reason: "missing", line: Math.min(open, lines.length - 1) + 1 };

  let close = open + 1;
  while (close < lines.length && !isFence(lines[close])) close++;
  if (close >= lines.length) return { ok: false, reason: "unterminated", line: open + 1 };

  return {
    ok: true,
    fenced: {
      yamlText: lines.slice(open + 1, close).join("\n"),
      openLine: open + 1,
      body: lines.slice(close + 1).join("\n"),
      bodyStartLine: close + 2,
    },
  };
}
