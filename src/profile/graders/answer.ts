// Pulling the answer out of a reply: a fenced code block, or the final `ANSWER:` line.

const FENCE = /```([\w+-]*)[^\n]*\n([\s\S]*?)```/g;

/** The body of the first fenced block tagged with one of `tags` (or untagged); undefined if none. */
export function codeBlock(text: string, tags: readonly string[]): string | undefined {
  for (const m of text.matchAll(FENCE)) {
    const tag = (m[1] ?? "").toLowerCase();
    if (tag === "" || tags.includes(tag)) return m[2] ?? "";
  }
  return undefined;
}

/** The value of the last `ANSWER: ...` line, trimmed; undefined if the reply has none. */
export function finalAnswer(text: string): string | undefined {
  const lines = [...text.matchAll(/^\s*\**ANSWER\**:\s*(.*?)\s*$/gim)];
  return lines.at(-1)?.[1];
}

/** Cuts a value for a failure reason: enough to see what went wrong, never a whole reply. */
export function clip(value: string, max = 80): string {
  const flat = JSON.stringify(value);
  return flat.length > max ? `${flat.slice(0, max)}…"` : flat;
}

export const ANSWER_LINE = "End your reply with one line of the form `ANSWER: <value>`.";
