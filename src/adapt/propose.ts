import { z } from "zod";
import type { ModelProvider } from "../model/index.js";
import type { FailureRecord } from "./failure.js";

/** How much of the failures goes to the model: the last few, each cut short. */
const RECORDS_SENT = 5;
const RECORD_CHARS = 1_500;
const MAX_ANSWER_TOKENS = 8_192;

const SYSTEM = [
  "You repair the instructions of an agent skill (a compiled SKILL.md) that keeps failing the same way.",
  "Answer with one JSON object and nothing else: {\"rationale\": \"why this edit prevents the failure, one or two sentences\", \"skillMd\": \"the whole SKILL.md, edited\"}.",
  "Rules: keep the YAML frontmatter exactly as it is; keep every fenced code block byte for byte (change prose only: add a note, a warning, a corrected path in the text);",
  "add as little as needed.",
].join(" ");

const Answer = z.object({ rationale: z.string().min(1), skillMd: z.string().min(1) });

/** What a model proposes for a skill: the edited SKILL.md and why. */
export interface Draft {
  skillMd: string;
  rationale: string;
  model: string;
}

/** Asks the provider for an edit of the compiled SKILL.md that answers these failures; throws when the answer is not the JSON asked for. */
export async function draftEdit(provider: ModelProvider, skillMd: string, records: readonly FailureRecord[], signal?: AbortSignal): Promise<Draft> {
  const failures = records.slice(-RECORDS_SENT).map((r) => {
    const c = r.classification;
    const lines = [`- ${r.source} ${r.target}: ${c.class}${c.subject ? ` (${c.subject})` : ""}; exit ${r.exitCode ?? "none"}${r.timedOut ? ", timed out" : ""}`, `  evidence: ${c.evidence}`, `  stderr: ${r.stderrTail}`];
    if (r.code) lines.push(`  code:\n${r.code}`);
    return lines.join("\n").slice(0, RECORD_CHARS);
  });
  const completion = await provider.complete({
    system: SYSTEM,
    messages: [{ role: "user", content: `The skill's compiled SKILL.md:\n\n${skillMd}\n\nIts recent failures:\n${failures.join("\n")}` }],
    maxTokens: MAX_ANSWER_TOKENS,
    temperature: 0,
    ...(signal ? { signal } : {}),
  });
  const json = /\{[\s\S]*\}/.exec(completion.text)?.[0];
  let parsed: z.ZodSafeParseResult<z.infer<typeof Answer>> | undefined;
  try {
    parsed = json ? Answer.safeParse(JSON.parse(json)) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new Error(`PROPOSAL_UNREADABLE: the model's answer is not the JSON object asked for ({"rationale", "skillMd"}): ${completion.text.slice(0, 200)}`);
  return { ...parsed.data, model: completion.model };
}
