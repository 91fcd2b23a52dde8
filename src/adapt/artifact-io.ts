import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../compiler/atomic-write.js";
import { COMPILED_SKILL_FILE, Manifest, MANIFEST_FILE, parseManifest } from "../compiler/manifest.js";
import { WORKFLOW_FILE } from "../compiler/passes/concurrency/schema.js";
import { INSTALL_SCRIPT, VERIFY_SCRIPT } from "../compiler/passes/env/schema.js";
import { log } from "../log.js";
import { applyPatches, type Artifact } from "./apply-patches.js";
import { readPatches, writePatches } from "./patch-store.js";

/** The artifact files a patch may rewrite, besides SKILL.md and manifest.json. */
const PATCHABLE_FILES = [VERIFY_SCRIPT, INSTALL_SCRIPT, WORKFLOW_FILE];

/** Reads what patches work on from `compiled/<name>/`. */
export async function readArtifact(compiledDir: string): Promise<Artifact> {
  const manifestPath = join(compiledDir, MANIFEST_FILE);
  const manifest = parseManifest(JSON.parse(await readFile(manifestPath, "utf8")), manifestPath);
  const skillMd = await readFile(join(compiledDir, COMPILED_SKILL_FILE), "utf8");
  const files: Record<string, string> = {};
  for (const path of PATCHABLE_FILES) {
    const text = await readFile(join(compiledDir, path), "utf8").catch(() => undefined);
    if (text !== undefined) files[path] = text;
  }
  return { manifest, skillMd, files };
}

/** Writes the files that differ, manifest.json last (the artifact's commit point). */
export async function writeArtifactChanges(compiledDir: string, before: Artifact, after: Artifact): Promise<void> {
  if (after.skillMd !== before.skillMd) await writeFileAtomic(join(compiledDir, COMPILED_SKILL_FILE), after.skillMd);
  for (const [path, text] of Object.entries(after.files)) if (before.files[path] !== text) await writeFileAtomic(join(compiledDir, path), text);
  await writeFileAtomic(join(compiledDir, MANIFEST_FILE), `${JSON.stringify(Manifest.parse(after.manifest), null, 2)}\n`);
}

/**
 * The compile step's hook: a freshly compiled artifact gets the skill's patches again, in order.
 * Patches the new artifact makes moot are marked so in patches.json (and listed as such). A
 * damaged patches.json costs the patches, never the compile.
 */
export async function reapplyPatches(compiledDir: string, artifact: Artifact): Promise<Artifact> {
  let patches;
  try {
    patches = await readPatches(compiledDir);
  } catch (err) {
    log.warn((err as Error).message);
    return artifact;
  }
  if (!patches.length) return artifact;
  const { artifact: patched, moot } = applyPatches(artifact, patches);
  if (moot.length) {
    const reasons = new Map(moot.map((m) => [m.id, m.reason]));
    await writePatches(compiledDir, patches.map((p) => (reasons.has(p.id) ? { ...p, status: "moot" as const, mootReason: reasons.get(p.id)! } : p)));
    for (const m of moot) log.info({ patch: m.id, dir: compiledDir }, `patch dropped: ${m.reason}`);
  }
  return patched;
}
