import { promises as fs, type Dirent } from "node:fs";
import { Code } from "./codes.js";
import { looksBinary } from "./binary.js";
import { io } from "./io-limit.js";
import { ENTRY_NAMES, Limits } from "./limits.js";
import type { Reporter } from "./reporter.js";
import { readRegularFile } from "./regular-file.js";
import { resolveSkillPath } from "./safe-path.js";

/** The entry file a folder's listing holds (`SKILL.md` preferred over `skill.md`), if any. */
export function entryNameIn(entries: readonly Dirent[]): string | undefined {
  const names = new Set(entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name));
  return ENTRY_NAMES.find((n) => names.has(n));
}

export async function findEntry(dir: string): Promise<string | undefined> {
  const entries = await io(() => fs.readdir(dir, { withFileTypes: true }));
  return entryNameIn(entries);
}

const MIB = 1024 * 1024;
const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

/**
 * Reads the entry file as text: refuses oversized and binary files, strips a UTF-8 BOM and turns
 * CRLF / CR line endings into LF (line numbers are unchanged by this).
 */
export async function readEntry(dir: string, name: string, report: Reporter): Promise<string | undefined> {
  const resolved = await resolveSkillPath(dir, name);
  if (!resolved.ok) {
    const { code, message, hint } = resolved.diagnostic;
    report.error(code as Code, message, { hint });
    return undefined;
  }
  const tooLarge = (size: number): undefined => {
    report.error(Code.SKILL_TOO_LARGE, `${name} is ${mib(size)} (${size} bytes), over the cap of ${mib(Limits.entryBytes)}`, {
      hint: "keep SKILL.md short; move long material to references/",
    });
    return undefined;
  };
  let bytes: Buffer;
  try {
    // Size first: a 2 GiB SKILL.md is refused without being read.
    const stat = await io(() => fs.stat(resolved.abs));
    if (stat.size > Limits.entryBytes) return tooLarge(stat.size);
    bytes = await io(() => readRegularFile(resolved.abs));
  } catch (err) {
    report.error(Code.FILE_UNREADABLE, `${name} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, {
      hint: "check file permissions",
    });
    return undefined;
  }
  // It may have grown between stat and read.
  if (bytes.length > Limits.entryBytes) return tooLarge(bytes.length);
  if (bytes.includes(0) || looksBinary(bytes)) {
    report.error(Code.SKILL_BINARY, `${name} is not UTF-8 text (it holds a NUL byte or invalid UTF-8)`, {
      hint: "SKILL.md must be a UTF-8 Markdown file",
    });
    return undefined;
  }
  return normalizeText(bytes.toString("utf8"));
}

export function normalizeText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, "\n");
}
