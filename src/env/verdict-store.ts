import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../compiler/atomic-write.js";
import { skillStateDir } from "./state-dir.js";
import { EnvVerdict } from "./verdict.js";

/** A verdict with what it was computed for and when; persisted so a restart reuses it. */
export const StoredVerdict = z.object({ key: z.string(), checkedAt: z.number(), verdict: EnvVerdict });
export type StoredVerdict = z.infer<typeof StoredVerdict>;

type Owner = { name: string; dir: string };
const file = (skill: Owner): string => join(skillStateDir(skill), "verdict.json");

/** The stored verdict, or undefined when there is none or it cannot be read (a cache only costs time). */
export async function readStoredVerdict(skill: Owner): Promise<StoredVerdict | undefined> {
  try {
    const parsed = StoredVerdict.safeParse(JSON.parse(await readFile(file(skill), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStoredVerdict(skill: Owner, entry: StoredVerdict): Promise<void> {
  await writeFileAtomic(file(skill), `${JSON.stringify(entry)}\n`);
}

export async function removeStoredVerdict(skill: Owner): Promise<void> {
  await rm(file(skill), { force: true });
}
