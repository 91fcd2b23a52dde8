import { open } from "node:fs/promises";
import { jsonStringPrefix } from "../json-size/index.js";
import { resolveSkillPath } from "../skill/index.js";
import type { BundledFile } from "../skill/ir.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import type { InstructionsSource } from "./session-skills.js";
import { SKILL_MD } from "./uri.js";

/** Bytes of a file served in one read; a bigger file is read in parts (offset/length). */
export const MAX_READ_BYTES = 1024 * 1024;
/**
 * A text part is cut further where its escaped JSON would pass this (1 MiB of control
 * characters escapes to 6 MiB; stdio clients drop any message over 10 MiB).
 */
const MAX_TEXT_JSON_BYTES = 2 * 1024 * 1024;

/** Which bytes of a file to read; the defaults read from the start as much as one read serves. */
export interface ReadRange {
  offset?: number;
  length?: number;
}

/** The bytes served and where the file goes on: `next` is the offset of the rest, when there is more. */
export interface ReadPart {
  offset: number;
  bytes: number;
  size: number;
  next?: number;
}

export type SkillFileContent = ({ kind: "text"; text: string; mimeType: string } | { kind: "blob"; blob: string; mimeType: string }) & { part: ReadPart };

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
 * Reads `SKILL.md` (the compiled instructions, from `source`: a session serves its variant) or a
 * bundled file of a skill, at most MAX_READ_BYTES at a time from `range.offset`. Only files the
 * compiled manifest lists are served, and only when their real path stays inside the skill.
 */
export async function readSkillFile(catalog: Catalog, skillName: string, path: string, range: ReadRange = {}, source: InstructionsSource = catalog): Promise<SkillFileContent> {
  await catalog.ready;
  const skill = catalog.get(skillName);
  if (!skill) throw new SkillFileError("SKILL_NOT_FOUND", `no skill named "${skillName}" (see list_skills)`);
  if (path === SKILL_MD || path === skill.manifest.skill.entry) {
    const whole = Buffer.from(await source.instructionsOf(skill));
    const { offset, length } = window(range, whole.length, `${skillName}/${path}`);
    return textPart(whole.subarray(offset, offset + length), offset, whole.length, "text/markdown");
  }
  const { file, abs } = await bundledFile(skill, path);
  const handle = await open(abs, "r");
  try {
    const { size } = await handle.stat();
    const { offset, length } = window(range, size, `${skillName}/${path}`);
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, offset);
    const read = bytes.subarray(0, bytesRead);
    if (!file.binary) return textPart(read, offset, size, file.mimeType);
    return { kind: "blob", blob: read.toString("base64"), mimeType: file.mimeType, part: part(offset, bytesRead, size) };
  } finally {
    await handle.close();
  }
}

/** The bytes to read: from `offset`, at most MAX_READ_BYTES, never past the end. */
function window(range: ReadRange, size: number, what: string): { offset: number; length: number } {
  const offset = range.offset ?? 0;
  if (offset > size) throw new SkillFileError("OFFSET_PAST_END", `${what}: offset ${offset} is past the end (${size} bytes)`);
  return { offset, length: Math.min(range.length ?? MAX_READ_BYTES, MAX_READ_BYTES, size - offset) };
}

/**
 * A text part ends on a whole UTF-8 character and within MAX_TEXT_JSON_BYTES escaped, so the
 * next part (from `next`) starts where this one stopped.
 */
function textPart(bytes: Buffer, offset: number, size: number, mimeType: string): SkillFileContent {
  const atEnd = offset + bytes.length >= size;
  const whole = atEnd ? bytes : bytes.subarray(0, utf8Boundary(bytes));
  const decoded = whole.toString("utf8");
  const text = jsonStringPrefix(decoded, MAX_TEXT_JSON_BYTES);
  const used = text.length === decoded.length ? whole.length : Buffer.byteLength(text);
  return { kind: "text", text, mimeType, part: part(offset, used, size) };
}

function part(offset: number, bytes: number, size: number): ReadPart {
  const end = offset + bytes;
  return { offset, bytes, size, ...(end < size ? { next: end } : {}) };
}

/** Where the last complete UTF-8 character of `bytes` ends (a cut read may split one). */
function utf8Boundary(bytes: Buffer): number {
  let lead = bytes.length - 1;
  // Continuation bytes are 10xxxxxx; a character has at most three of them.
  while (lead >= 0 && bytes.length - lead <= 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const first = bytes[lead]!;
  const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return bytes.length - lead < width ? lead : bytes.length;
}
