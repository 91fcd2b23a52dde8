import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { writeFileAtomic, type Manifest } from "../compiler/index.js";
import { skvmHome } from "../state-dir.js";
import { VERSION } from "../version.js";
import type { CatalogState } from "./catalog.js";

/**
 * The catalog as the last verification left it, cached in the state folder so a restart can
 * answer at once and verify its sources in the background. A cache, not an artifact: it may hold
 * absolute paths, and anything odd about it just means "verify first".
 */
const Snapshot = z.object({
  version: z.literal(VERSION),
  skills: z.array(
    z.object({
      name: z.string(),
      dir: z.string(),
      compiledDir: z.string(),
      signature: z.string(),
      // The background verification re-reads every manifest with the full schema.
      manifest: z.custom<Manifest>((m) => typeof m === "object" && m !== null && "skill" in m && "files" in m),
    }),
  ),
  problems: z.array(z.object({ name: z.string(), dir: z.string(), diagnostics: z.array(z.any()) })),
});

export function snapshotPath(skillsRoot: string, compiledRoot: string, passes: readonly string[]): string {
  const key = createHash("sha256")
    .update([resolve(skillsRoot), resolve(compiledRoot), passes.join(",")].join("\0"))
    .digest("hex")
    .slice(0, 16);
  return join(skvmHome(), "catalogs", `${key}.json`);
}

export async function readSnapshot(path: string): Promise<CatalogState | undefined> {
  try {
    const parsed = Snapshot.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSnapshot(path: string, state: CatalogState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify({ version: VERSION, skills: state.skills, problems: state.problems }));
}
