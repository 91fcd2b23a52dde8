import { splitSkillMd } from "./apply-patches.js";

/** Fenced code blocks (``` or ~~~, any length of three or more) in order, each byte for byte. */
export function fencedBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`).test(lines[end]!)) end++;
    blocks.push(lines.slice(i, end + 1).join("\n"));
    i = end;
  }
  return blocks;
}

/** How many added lines an edit may bring: 2x the original under 100 lines, 1x up to 200, 0.5x above. */
export function growthAllowance(originalLines: number): number {
  if (originalLines < 100) return originalLines * 2;
  if (originalLines <= 200) return originalLines;
  return Math.floor(originalLines / 2);
}

/** Lines of `after` that `before` does not have (as a multiset: a repeated line counts each time). */
export function addedLines(before: string, after: string): number {
  const pool = new Map<string, number>();
  for (const line of before.split("\n")) pool.set(line, (pool.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of after.split("\n")) {
    const left = pool.get(line) ?? 0;
    if (left > 0) pool.set(line, left - 1);
    else added++;
  }
  return added;
}

/**
 * The PASS-1 guard on a proposed edit of a compiled SKILL.md: the frontmatter unchanged, every
 * fenced code block kept byte for byte (none added, removed or changed), and bounded growth.
 * Returns why it is refused, or undefined when the edit may be offered.
 */
export function guardEdit(original: string, proposed: string): string | undefined {
  if (proposed.trim() === original.trim()) return "the edit changes nothing";
  const before = splitSkillMd(original);
  const after = splitSkillMd(proposed);
  if (after.frontmatter !== before.frontmatter) return "the edit changes the frontmatter";
  const oldBlocks = fencedBlocks(before.body);
  const newBlocks = fencedBlocks(after.body);
  const changed = oldBlocks.findIndex((block, i) => newBlocks[i] !== block);
  if (changed >= 0 || newBlocks.length !== oldBlocks.length) {
    return `the edit changes fenced code block ${changed >= 0 ? changed + 1 : oldBlocks.length + 1} (code blocks must stay byte for byte)`;
  }
  const lines = original.split("\n").length;
  const added = addedLines(original, proposed);
  if (added > growthAllowance(lines)) return `the edit adds ${added} lines to a ${lines}-line SKILL.md (at most ${growthAllowance(lines)})`;
  return undefined;
}
