import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../atomic-write.js";
import { PROMPT_VERSION } from "./prompt.js";

// A provider's answer about one skill, kept under SKVM_HOME by the skill's source hash and the
// model: the same skill and model never cost a second request. The raw answer is kept (not the
// verdicts), so the claims are checked again on every use and a stricter checker applies to old answers.

const CachedAnswer = z.object({ sourceHash: z.string(), model: z.string(), promptVersion: z.number(), answer: z.string() });

export const refineCacheDir = (home: string): string => join(home, "capability-refine");

const keyOf = (sourceHash: string, model: string): string =>
  createHash("sha256").update(`${PROMPT_VERSION}\0${sourceHash}\0${model}`).digest("hex").slice(0, 32);

export async function readCachedAnswer(dir: string, sourceHash: string, model: string): Promise<string | undefined> {
  try {
    const parsed = CachedAnswer.safeParse(JSON.parse(await readFile(join(dir, `${keyOf(sourceHash, model)}.json`), "utf8")));
    const hit = parsed.success && parsed.data.sourceHash === sourceHash && parsed.data.model === model && parsed.data.promptVersion === PROMPT_VERSION;
    return hit ? parsed.data.answer : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCachedAnswer(dir: string, sourceHash: string, model: string, answer: string): Promise<void> {
  const entry = { sourceHash, model, promptVersion: PROMPT_VERSION, answer };
  await writeFileAtomic(join(dir, `${keyOf(sourceHash, model)}.json`), `${JSON.stringify(entry, null, 2)}\n`);
}
