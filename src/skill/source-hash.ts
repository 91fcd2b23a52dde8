import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { Code } from "./codes.js";
import { SkillLoadError } from "./diagnostic.js";
import type { ScannedFile } from "./scan.js";
import { scanFiles } from "./scan.js";
import { walkSkill } from "./walk.js";

/**
 * `sha256:` over, for each file in path order, `<relative posix path> NUL <sha256 of its bytes> LF`.
 * Hashing per-file digests (rather than raw bytes back to back) lets the loader reuse the digests
 * it computed for the inventory. The encoding is unambiguous: paths never contain NUL and a
 * digest has a fixed length. No mtime, size or absolute path takes part.
 */
export function hashScanned(files: readonly ScannedFile[]): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
    h.update(f.rel).update("\0").update(f.digest).update("\n");
  }
  return `sha256:${h.digest("hex")}`;
}

/**
 * The source hash of a skill folder without parsing it, to check a compiled artifact for staleness.
 * Equals `ir.sourceHash` from loadSkill. Throws SkillLoadError when the folder is missing or over
 * the file caps, since no loadable skill has such a hash.
 */
export async function computeSourceHash(dir: string): Promise<string> {
  if (typeof dir !== "string") throw new TypeError("computeSourceHash(dir) expects a string");
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new SkillLoadError({ code: Code.SKILL_DIR_NOT_FOUND, severity: "error", message: `skill folder ${JSON.stringify(dir)} does not exist`, hint: "check the skills root" });
  }
  const walk = await walkSkill(dir);
  const cap = walk.diagnostics.find((d) => d.severity === "error");
  if (cap) throw new SkillLoadError(cap);
  const scan = await scanFiles(walk.files);
  return hashScanned(scan.files);
}
