/** SKILL.md cut at its `---` fences, with the line arithmetic needed to map positions back. */
export interface Fenced {
  /** The YAML between the fences, verbatim (LF line endings). */
  yamlText: string;
  /** SKILL.md line of the opening fence; YAML line `k` is SKILL.md line `openLine + k`. */
  openLine: number;
  body: string;
  bodyStartLine: number;
}

export type FenceResult =
  | { ok: true; fenced: Fenced; /** Set when no `---` closed the frontmatter and it was cut where said. */ recovered?: string }
  | { ok: false; reason: "missing" | "unterminated"; line: number };

const isFence = (line: string | undefined): boolean => line !== undefined && line.trimEnd() === "---";

/**
 * Splits normalized (LF) SKILL.md text. Blank lines before the opening fence are tolerated. A
 * frontmatter never closed by `---` is closed, as lenient hosts read it, by an indented `---`,
 * else by the first blank line (YAML keys, then Markdown), else by the end of the file.
 */
export function splitFrontmatter(text: string): FenceResult {
  const lines = text.split("\n");
  let open = 0;
  while (open < lines.length && lines[open]?.trim() === "") open++;
  if (!isFence(lines[open])) return { ok: false, reason: "missing", line: Math.min(open, lines.length - 1) + 1 };

  const at = (close: number, skip: number, recovered?: string): FenceResult => ({
    ok: true,
    fenced: {
      yamlText: lines.slice(open + 1, close).join("\n"),
      openLine: open + 1,
      body: lines.slice(close + skip).join("\n"),
      bodyStartLine: close + skip + 1,
    },
    ...(recovered ? { recovered } : {}),
  });
  const close = lines.findIndex((line, i) => i > open && isFence(line));
  if (close > 0) return at(close, 1);
  const indented = lines.findIndex((line, i) => i > open && line.trim() === "---");
  if (indented > 0) return at(indented, 1, `closed by the indented --- on line ${indented + 1}`);
  const blank = lines.findIndex((line, i) => i > open + 1 && line.trim() === "");
  if (blank > 0) return at(blank, 0, `read up to the first blank line (line ${blank + 1}); the rest is the body`);
  return at(lines.length, 0, "read to the end of the file; the skill has no body");
}
