import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { SkillIR } from "../skill/ir.js";
import { writeFileAtomic } from "./atomic-write.js";
import { dropPin, keepPreviousVersion, removeLeftovers } from "./artifact-versions.js";
import { COMPILED_SKILL_FILE, MANIFEST_FILE, Manifest, parseManifest } from "./manifest.js";
import type { CompileOutput } from "./pass.js";
import { ADAPT_FILES } from "../adapt/patch.js";

export const artifactDir = (outRoot: string, name: string): string => join(outRoot, name);

/** Reads `compiled/<name>/manifest.json`; undefined when absent, an error when invalid. */
export async function readManifest(outRoot: string, name: string): Promise<Manifest | undefined> {
  const file = join(artifactDir(outRoot, name), MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`MANIFEST_INVALID: ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseManifest(json, file);
}

/** The compiled SKILL.md: the author's frontmatter verbatim (SEP-2640 needs it) and the compiled body. */
export function renderSkillMd(ir: SkillIR, body: string): string {
  return `---\n${ir.frontmatterText.trimEnd()}\n---\n${body.startsWith("\n") ? body.slice(1) : body}`;
}

/**
 * Writes every artifact file, then manifest.json last: the manifest (with its sourceHash) is the
 * commit point, so an interrupted write is seen as stale and redone, never trusted. A different
 * artifact already there is first kept whole as a previous version (artifact-versions.ts).
 */
export async function writeArtifact(
  outRoot: string,
  manifest: Manifest,
  skillMd: string,
  files: CompileOutput["files"],
): Promise<void> {
  const dir = artifactDir(outRoot, manifest.skill.name);
  const manifestText = `${JSON.stringify(Manifest.parse(manifest), null, 2)}\n`;
  const previous = await readFile(join(dir, MANIFEST_FILE), "utf8").catch(() => undefined);
  if (previous !== undefined && previous !== manifestText) await keepPreviousVersion(dir);
  // Adaptive patches and proposals (src/adapt) outlive a recompile of the artifact they belong to.
  const written = new Set([MANIFEST_FILE, COMPILED_SKILL_FILE, ...ADAPT_FILES]);
  await writeFileAtomic(join(dir, COMPILED_SKILL_FILE), skillMd);
  for (const [path, text] of Object.entries(files)) {
    await writeFileAtomic(join(dir, path), text);
    written.add(path);
  }
  await writeFileAtomic(join(dir, MANIFEST_FILE), manifestText);
  await removeLeftovers(dir, written);
  await dropPin(dir);
}

/** Skill folder relative to the compiled root's parent: portable, never absolute. */
export const sourceField = (outRoot: string, skillDir: string): string =>
  relative(dirname(outRoot), skillDir).split(sep).join("/");
