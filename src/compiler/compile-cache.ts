import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { Diagnostic } from "../skill/diagnostic.js";
import { skvmHome } from "../state-dir.js";
import { VERSION } from "../version.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { Manifest } from "./manifest.js";

/**
 * What the last compile of a (skills roots, compiled root, pass list) found: per skill folder its
 * manifest and the stat signature of source + artifact. The next compile trusts an entry whose
 * signature is unchanged without hashing a byte, and a server answers from it at once. A local
 * cache in the state folder, not an artifact: absolute paths are fine here, and anything odd
 * about it just means "check everything".
 */
const CacheFile = z.object({
  version: z.literal(VERSION),
  entries: z.array(
    z.object({
      dir: z.string(),
      signature: z.string(),
      // Checked loosely for speed: whatever is trusted from here was written by this version.
      manifest: z.custom<Manifest>((m) => typeof m === "object" && m !== null && "skill" in m && "files" in m).optional(),
      /**
       * A skill that failed, kept like a success so an unchanged broken (or hostile) skill is not
       * loaded again on every start: `signature` is then over the source folder alone, and
       * `sourceHash` (when the files could be read) still matches it after a checkout elsewhere.
       */
      failure: z.object({ name: z.string(), sourceHash: z.string().optional(), diagnostics: z.array(Diagnostic) }).optional(),
    }),
  ),
});
export type CacheEntry = z.infer<typeof CacheFile>["entries"][number];

/** Keyed by the skills roots in order (one root keeps the key it always had), the compiled root and the passes. */
export function compileCachePath(skillsRoots: string | readonly string[], outRoot: string, passes: readonly string[]): string {
  const roots = (typeof skillsRoots === "string" ? [skillsRoots] : skillsRoots).map((root) => resolve(root));
  const key = createHash("sha256")
    .update([...roots, resolve(outRoot), passes.join(",")].join("\0"))
    .digest("hex")
    .slice(0, 16);
  return join(skvmHome(), "compile-cache", `${key}.json`);
}

export async function readCompileCache(path: string): Promise<CacheEntry[] | undefined> {
  try {
    const parsed = CacheFile.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data.entries : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCompileCache(path: string, entries: readonly CacheEntry[]): Promise<void> {
  await writeFileAtomic(path, JSON.stringify({ version: VERSION, entries }));
}
