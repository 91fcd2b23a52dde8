// Counting what constraint checkers count: words, sentences, paragraphs, sections.

export const words = (text: string): string[] => text.match(/[A-Za-z0-9']+(?:-[A-Za-z0-9']+)*/g) ?? [];

/** Sentences end in . ! or ? followed by a space or the end. */
export const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z]/.test(s));

/** Blocks of text separated by blank lines, headings excluded. */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith("#"));

/** Whole-word occurrences of `word`, case-sensitive unless told otherwise. */
export function occurrences(text: string, word: string, ignoreCase = false): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return (text.match(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, ignoreCase ? "gi" : "g")) ?? []).length;
}

/** The sections at heading `level` of a Markdown text (title and body, in order); a higher heading ends one. */
export function sections(text: string, level = 2): { title: string; body: string }[] {
  const out: { title: string; body: string }[] = [];
  let current: { title: string; body: string } | undefined;
  for (const line of text.split("\n")) {
    const heading = line.match(/^(#{1,6})\s+(.+?)\s*$/);
    if (heading && heading[1]!.length === level) out.push((current = { title: heading[2]!, body: "" }));
    else if (heading && heading[1]!.length < level) current = undefined;
    else if (current) current.body += `${line}\n`;
  }
  return out;
}

export const bytes = (text: string): number => Buffer.byteLength(text);

/** Contractions like don't, it's, we'll. */
export const CONTRACTION = /\b[A-Za-z]+'(?:s|t|re|ve|ll|d|m)\b/i;
export const FIRST_PERSON = /\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves)\b/i;
