import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { Code } from "./codes.js";
import { Diagnostic } from "./diagnostic.js";
import { io } from "./io-limit.js";
import { EXCLUDED_NAMES } from "./limits.js";

export const ResolvedPath = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), abs: z.string() }),
  z.object({ ok: z.literal(false), diagnostic: Diagnostic }),
]);
export type ResolvedPath = z.infer<typeof ResolvedPath>;

/** True when `p` is `root` or lies below it. Both must be absolute and already real paths. */
export function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}

const refuse = (code: Code, message: string, hint: string): ResolvedPath => ({
  ok: false,
  diagnostic: { code, severity: "error", message, hint },
});

/**
 * Turns a client-supplied relative path into the real absolute path of a regular file inside the
 * skill, or says precisely why it will not. Checks are lexical first (cheap, and they never touch
 * the disk for an obviously hostile path), then real: the realpath must stay inside the skill's
 * own realpath, which catches symlinks pointing out.
 */
export async function resolveSkillPath(skillDir: string, relPath: string): Promise<ResolvedPath> {
  if (typeof skillDir !== "string" || typeof relPath !== "string") {
    throw new TypeError("resolveSkillPath(skillDir, relPath) expects two strings");
  }
  const shown = JSON.stringify(relPath);
  const lexical = checkLexical(relPath, shown);
  if (!lexical.ok) return lexical;

  let root: string;
  try {
    root = await io(() => fs.realpath(skillDir));
  } catch {
    return refuse(Code.SKILL_DIR_NOT_FOUND, `skill folder ${JSON.stringify(skillDir)} does not exist`, "check the skills root");
  }
  const segments = relPath.split("/").filter((s) => s !== "" && s !== ".");
  const joined = path.join(root, ...segments);

  let real: string;
  try {
    real = await io(() => fs.realpath(joined));
  } catch (err) {
    return refuseMissing(err, shown);
  }
  if (!isInside(root, real)) {
    return refuse(Code.PATH_SYMLINK_ESCAPE, `${shown} is a symlink that resolves outside the skill folder`, "only files inside the skill folder are served");
  }
  const stat = await io(() => fs.stat(real)).catch(() => undefined);
  if (stat === undefined) return refuseMissing(new Error("vanished"), shown);
  if (!stat.isFile()) return refuse(Code.NOT_A_FILE, `${shown} is not a regular file`, "ask for a file, not a folder");
  return { ok: true, abs: real };
}

function checkLexical(relPath: string, shown: string): ResolvedPath | { ok: true } {
  if (relPath.includes("\0")) return refuse(Code.PATH_NUL_BYTE, `path ${shown} contains a NUL byte`, "paths are plain text");
  if (relPath.trim() === "") return refuse(Code.PATH_INVALID, "path is empty", "give a path relative to the skill folder, e.g. scripts/run.py");
  // A backslash is a separator on Windows and a trick everywhere else (`..\\..\\etc`).
  if (relPath.includes("\\")) return refuse(Code.PATH_BACKSLASH, `path ${shown} contains a backslash`, "use forward slashes");
  if (path.posix.isAbsolute(relPath) || path.win32.isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath)) {
    return refuse(Code.PATH_ABSOLUTE, `path ${shown} is absolute`, "give a path relative to the skill folder");
  }
  const segments = relPath.split("/");
  if (segments.includes("..")) return refuse(Code.PATH_TRAVERSAL, `path ${shown} contains a ".." segment`, "paths may not leave the skill folder");
  const excluded = segments.find((s) => EXCLUDED_NAMES.has(s));
  if (excluded !== undefined) {
    return refuse(Code.PATH_EXCLUDED, `path ${shown} is inside ${JSON.stringify(excluded)}, which is never served`, "only the skill's own files are served");
  }
  return { ok: true };
}

function refuseMissing(err: unknown, shown: string): ResolvedPath {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return refuse(Code.PATH_SYMLINK_CYCLE, `${shown} is a symlink loop`, "fix the symlink");
  if (code === "EACCES" || code === "EPERM") return refuse(Code.FILE_UNREADABLE, `${shown} cannot be read (${code})`, "check file permissions");
  return refuse(Code.FILE_NOT_FOUND, `${shown} does not exist in the skill`, "list the skill's files to see what it bundles");
}
