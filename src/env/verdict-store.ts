import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../compiler/index.js";
import { skillStateDir } from "./state-dir.js";
import { EnvVerdict } from "./verdict.js";

/** A verdict with what it was computed for and when; persisted so a restart reuses it. */
export const StoredVerdict = z.object({ key: z.string(), checkedAt: z.number(), verdict: EnvVerdict });
export type StoredVerdict = z.infer<typeof StoredVerdict>;

const file = (name: string): string => join(skillStateDir(name), "verdict.json");

/** The stored verdict, or undefined when there is none or it cannot be read (a cache only costs time). */
export async function readStoredVerdict(name: string): Promise<StoredVerdict | undefined> {
  try {
    const parsed = StoredVerdict.safeParse(JSON.parse(await readFile(file(name), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStoredVerdict(name: string, entry: StoredVerdict): Promise<void> {
  await writeFileAtomic(file(name), `${JSON.stringify(entry)}\n`);
}

export async function removeStoredVerdict(name: string): Promise<void> {
  await rm(file(name), { force: true });
}
