import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.js";
import { MANIFEST_FILE, parseManifest, type Manifest } from "./manifest.js";

/** Folder inside `compiled/<name>/` that holds its previous versions, `.versions/<n>/`, each a whole artifact. */
export const VERSIONS_DIR = ".versions";
/** Previous versions kept per skill; older ones are deleted when a new one is kept. */
export const KEPT_VERSIONS = 3;
/** Beside the versions: which one a rollback restored (see Pin). */
export const PIN_FILE = "pin.json";

/**
 * A rollback: the restored artifact is served as fresh while the skill's source still hashes to
 * `sourceHash` (what it was when rolled back); the next edit of the source compiles anew.
 */
export const Pin = z.object({ version: z.number().int().positive(), sourceHash: z.string(), artifactHash: z.string() });
export type Pin = z.infer<typeof Pin>;

export interface ArtifactVersion {
  /** Counts up; the highest is the newest previous version. */
  n: number;
  manifest: Manifest;
  /** When it was replaced (the snapshot's time). */
  savedAt: Date;
}

/**
 * Keeps the artifact in `dir` as a previous version before it is overwritten: copied whole into
 * a temp folder that is renamed into place, so a crash leaves either no version or a whole one,
 * and the artifact it copies is untouched until this returns. Nothing happens for an artifact
 * that is absent or unreadable (nothing good to keep).
 */
export async function keepPreviousVersion(dir: string): Promise<void> {
  const manifest = await readVersionManifest(dir);
  if (!manifest) return;
  const versions = join(dir, VERSIONS_DIR);
  const existing = await versionNumbers(versions);
  const tmp = join(versions, `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await copyArtifact(dir, tmp);
    await rename(tmp, join(versions, String((existing.at(-1) ?? 0) + 1)));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  for (const n of existing.slice(0, Math.max(0, existing.length + 1 - KEPT_VERSIONS))) await rm(join(versions, String(n)), { recursive: true, force: true });
}

/** The previous versions of the artifact in `dir`, newest first. */
export async function listVersions(dir: string): Promise<ArtifactVersion[]> {
  const versions = join(dir, VERSIONS_DIR);
  const found = await Promise.all(
    (await versionNumbers(versions)).map(async (n) => {
      const at = join(versions, String(n));
      const manifest = await readVersionManifest(at);
      return manifest ? [{ n, manifest, savedAt: (await stat(at)).mtime }] : [];
    }),
  );
  return found.flat().reverse();
}

/**
 * Makes version `n` the artifact again (the current one is kept as a version first, so a
 * rollback can itself be undone) and pins it against the source as it is now.
 */
export async function restoreVersion(dir: string, n: number, sourceHash: string): Promise<Manifest> {
  const from = join(dir, VERSIONS_DIR, String(n));
  const manifest = await readVersionManifest(from);
  if (!manifest) throw new Error(`VERSION_NOT_FOUND: ${from} holds no artifact`);
  await keepPreviousVersion(dir);
  // Manifest last: it is the commit point of an artifact (see writeArtifact).
  const files = (await filesOf(from)).filter((f) => f !== MANIFEST_FILE);
  for (const file of [...files, MANIFEST_FILE]) await writeFileAtomic(join(dir, file), await readFile(join(from, file)));
  await removeLeftovers(dir, new Set([...files, MANIFEST_FILE]));
  const pin: Pin = { version: n, sourceHash, artifactHash: manifest.skill.sourceHash };
  await writeFileAtomic(join(dir, VERSIONS_DIR, PIN_FILE), `${JSON.stringify(pin)}\n`);
  return manifest;
}

/** The rollback pin of the artifact in `dir`, if any (a damaged one counts as none). */
export async function readPin(dir: string): Promise<Pin | undefined> {
  try {
    return Pin.parse(JSON.parse(await readFile(join(dir, VERSIONS_DIR, PIN_FILE), "utf8")));
  } catch {
    return undefined;
  }
}

/** A fresh compile supersedes a rollback. */
export const dropPin = (dir: string): Promise<void> => rm(join(dir, VERSIONS_DIR, PIN_FILE), { force: true });

/** Deletes files of the artifact in `dir` that are not in `keep` (its versions are never touched). */
export async function removeLeftovers(dir: string, keep: ReadonlySet<string>): Promise<void> {
  for (const rel of await filesOf(dir)) if (!keep.has(rel)) await rm(join(dir, rel), { force: true });
}

async function readVersionManifest(dir: string): Promise<Manifest | undefined> {
  const file = join(dir, MANIFEST_FILE);
  try {
    return parseManifest(JSON.parse(await readFile(file, "utf8")), file);
  } catch {
    return undefined;
  }
}

async function versionNumbers(versions: string): Promise<number[]> {
  const names = await readdir(versions).catch(() => [] as string[]);
  return names.filter((n) => /^[1-9]\d*$/.test(n)).map(Number).sort((a, b) => a - b);
}

/** Relative posix paths of the artifact's files, its versions folder left out. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .filter((rel) => rel !== VERSIONS_DIR && !rel.startsWith(`${VERSIONS_DIR}/`));
}

async function copyArtifact(from: string, to: string): Promise<void> {
  for (const rel of await filesOf(from)) await writeFileAtomic(join(to, rel), await readFile(join(from, rel)));
}
