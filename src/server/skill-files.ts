import { readFile, stat } from "node:fs/promises";
import { resolveSkillPath } from "../skill/index.js";
import type { Catalog } from "./catalog.js";
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
  const resolved = await resolveSkillPath(skill.dir, path);
  if (!resolved.ok) throw new SkillFileError(resolved.diagnostic.code, `${skillName}/${path}: ${resolved.diagnostic.message}`);
  const file = skill.manifest.files.find((f) => f.path === path);
  if (!file) throw new SkillFileError("FILE_NOT_BUNDLED", `${skillName}/${path} is not one of the skill's compiled files`);
  const { size } = await stat(resolved.abs);
  if (size > MAX_READ_BYTES) {
    throw new SkillFileError("FILE_TOO_LARGE", `${skillName}/${path} is ${size} bytes; the limit is ${MAX_READ_BYTES}`);
  }
  const bytes = await readFile(resolved.abs);
  return file.binary
    ? { kind: "blob", blob: bytes.toString("base64"), mimeType: file.mimeType }
    : { kind: "text", text: bytes.toString("utf8"), mimeType: file.mimeType };
}
