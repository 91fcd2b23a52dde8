import { readFile, stat } from "node:fs/promises";
import { resolveSkillPath } from "../skill/index.js";
import type { BundledFile } from "../skill/ir.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import { SKILL_MD } from "./uri.js";

/** Largest bundled file served in one read; bigger files are refused rather than truncated. */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

export type SkillFileContent =
  | { kind: "text"; text: string; mimeType: string }
  | { kind: "blob"; blob: string; mimeType: string };

/** A refused read: `code` says which rule, `message` names the skill and path. */
export class SkillFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * A bundled file of the skill, by the path a client gave: only files the compiled manifest lists,
 * and only when the real path stays inside the skill. The one gate for reading and running files.
 */
export async function bundledFile(skill: CatalogSkill, path: string): Promise<{ file: BundledFile; abs: string }> {
  const resolved = await resolveSkillPath(skill.dir, path);
  if (!resolved.ok) throw new SkillFileError(resolved.diagnostic.code, `${skill.name}/${path}: ${resolved.diagnostic.message}`);
  const file = skill.manifest.files.find((f) => f.path === path);
  if (!file) throw new SkillFileError("FILE_NOT_BUNDLED", `${skill.name}/${path} is not one of the skill's compiled files`);
  return { file, abs: resolved.abs };
}

/**
 * Reads `SKILL.md` (the compiled instructions) or a bundled file of a skill. Only files the
 * compiled manifest lists are served, and only when their real path stays inside the skill.
 */
export async function readSkillFile(catalog: Catalog, skillName: string, path: string): Promise<SkillFileContent> {
  await catalog.ready;
  const skill = catalog.get(skillName);
  if (!skill) throw new SkillFileError("SKILL_NOT_FOUND", `no skill named "${skillName}" (see list_skills)`);
  if (path === SKILL_MD || path === skill.manifest.skill.entry) {
    return { kind: "text", text: await catalog.instructions(skillName), mimeType: "text/markdown" };
  }
  const { file, abs } = await bundledFile(skill, path);
  const { size } = await stat(abs);
  if (size > MAX_READ_BYTES) {
    throw new SkillFileError("FILE_TOO_LARGE", `${skillName}/${path} is ${size} bytes; the limit is ${MAX_READ_BYTES}`);
  }
  const bytes = await readFile(abs);
  return file.binary
    ? { kind: "blob", blob: bytes.toString("base64"), mimeType: file.mimeType }
    : { kind: "text", text: bytes.toString("utf8"), mimeType: file.mimeType };
}
