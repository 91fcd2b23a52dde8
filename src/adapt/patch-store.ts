import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../compiler/atomic-write.js";
import { Patch, PATCH_FILE, PatchFile, patchKey, type PatchDraft } from "./patch.js";

/** The patches of one compiled skill (`compiled/<name>/patches.json`); none when the file is absent. */
export async function readPatches(compiledDir: string): Promise<Patch[]> {
  const path = join(compiledDir, PATCH_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const parsed = PatchFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`PATCHES_INVALID: ${path} field "${parsed.error.issues[0]?.path.join(".") ?? "(root)"}": ${parsed.error.issues[0]?.message}; hint: delete the file to drop every patch of this skill`);
  return parsed.data.patches;
}

export async function writePatches(compiledDir: string, patches: readonly Patch[]): Promise<void> {
  await writeFileAtomic(join(compiledDir, PATCH_FILE), `${JSON.stringify(PatchFile.parse({ version: 1, patches }), null, 2)}\n`);
}

/** A draft with its id and date; `undefined` when an applied patch already does the same. */
export function newPatch(existing: readonly Patch[], draft: PatchDraft): Patch | undefined {
  const key = patchKey(draft);
  if (existing.some((p) => p.status === "applied" && patchKey(p) === key)) return undefined;
  return Patch.parse({ ...draft, id: `p-${randomBytes(4).toString("hex")}`, createdAt: new Date().toISOString(), status: "applied" });
}
