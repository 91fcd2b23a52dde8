import type { Client } from "@modelcontextprotocol/client";

/** A list_skills entry as the tests read it. */
export type ListedSkill = { name: string; description: string; ready: boolean | "unknown"; missing?: { kind: string; name: string }[] };

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

/**
 * The skill's list_skills entry once its environment verdict is known: list_skills answers at
 * once, and an entry whose check has not run yet says `ready: "unknown"` until it has.
 */
export async function listedWhenChecked(client: Pick<Client, "callTool">, name: string, timeoutMs = 30_000): Promise<ListedSkill | undefined> {
  for (const until = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 100))) {
    const listing = JSON.parse(textOf(await client.callTool({ name: "list_skills", arguments: { limit: 200 } }))) as { skills: ListedSkill[] };
    const entry = listing.skills.find((s) => s.name === name);
    if (entry?.ready !== "unknown" || Date.now() > until) return entry;
  }
}
