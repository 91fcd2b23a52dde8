import { promises as fs, type Dirent } from "node:fs";
import path from "node:path";
import { Code } from "./codes.js";
import type { Diagnostic } from "./diagnostic.js";
import { io } from "./io-limit.js";
import { EXCLUDED_NAMES, Limits } from "./limits.js";
import { isInside } from "./safe-path.js";

export interface WalkedFile {
  /** Relative to the skill folder, posix separators. */
  rel: string;
  /** Real absolute path to read. */
  real: string;
  size: number;
}

export interface Walk {
  /** Sorted by `rel`. */
  files: WalkedFile[];
  diagnostics: Diagnostic[];
}

/**
 * Every file of a skill, the entry file included: the one definition of "the skill's files" that
 * the inventory, the source hash and the file server share. Entries are typed by lstat (the
 * readdir types), so nothing is followed by accident. A symlink to a file inside the skill is
 * followed (one stat: bounded); a symlink to a folder never is, whether it points out of the skill
 * or back into it (its files are already listed under their own path), so the walk is a tree walk
 * with no cycles and no fans. Sockets, FIFOs and devices are left out and never opened. Caps on
 * entries, files and bytes stop the walk early. `show` turns a relative path into the path printed
 * in diagnostics.
 */
export async function walkSkill(dir: string, show: (rel: string) => string = (rel) => rel): Promise<Walk> {
  const root = await io(() => fs.realpath(dir));
  const walker = new Walker(root, show);
  await walker.dir(root, "");
  walker.files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files: walker.files, diagnostics: walker.diagnostics() };
}

class Walker {
  readonly files: WalkedFile[] = [];
  private readonly found: Diagnostic[] = [];
  private bytes = 0;
  private entries = 0;
  private capHit: Diagnostic | undefined;

  constructor(
    private readonly root: string,
    private readonly show: (rel: string) => string,
  ) {}

  /** Sorted so the order never depends on which read finished first. */
  diagnostics(): Diagnostic[] {
    const sorted = [...this.found].sort((a, b) => ((a.file ?? "") < (b.file ?? "") ? -1 : (a.file ?? "") > (b.file ?? "") ? 1 : 0));
    return this.capHit ? [this.capHit, ...sorted] : sorted;
  }

  async dir(real: string, rel: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await io(() => fs.readdir(real, { withFileTypes: true }));
    } catch (err) {
      this.warn(Code.FILE_UNREADABLE, rel, `folder cannot be read (${errCode(err)}); its files are left out`, "check permissions");
      return;
    }
    await Promise.all(entries.map((e) => this.entry(e, real, rel)));
  }

  private async entry(e: Dirent, parent: string, parentRel: string): Promise<void> {
    if (this.capHit || EXCLUDED_NAMES.has(e.name)) return;
    if (++this.entries > Limits.entriesPerSkill) {
      this.capHit = this.cap(Code.SKILL_TOO_MANY_FILES, `skill holds more than ${Limits.entriesPerSkill} entries (files, folders and links)`, `at most ${Limits.entriesPerSkill} entries per skill`);
      return;
    }
    const rel = parentRel === "" ? e.name : `${parentRel}/${e.name}`;
    const abs = path.join(parent, e.name);
    if (e.isSymbolicLink()) return this.link(abs, rel);
    if (e.isDirectory()) return this.dir(abs, rel);
    if (e.isFile()) return this.file(abs, rel);
    this.info(rel, "is not a regular file (socket, pipe or device) and is left out");
  }

  private async link(abs: string, rel: string): Promise<void> {
    let target: string;
    try {
      target = await io(() => fs.realpath(abs));
    } catch (err) {
      const loop = errCode(err) === "ELOOP";
      this.warn(loop ? Code.PATH_SYMLINK_CYCLE : Code.PATH_SYMLINK_BROKEN, rel, loop ? "is a symlink loop; left out" : "is a broken symlink; left out", "fix or remove the symlink");
      return;
    }
    if (!isInside(this.root, target)) {
      this.warn(Code.PATH_SYMLINK_ESCAPE, rel, "is a symlink to a path outside the skill folder; it is left out (not hashed, not served)", "copy the file into the skill instead of linking to it");
      return;
    }
    const stat = await io(() => fs.stat(target)).catch(() => undefined);
    if (stat?.isFile()) return this.add(rel, target, stat.size);
    if (stat?.isDirectory()) {
      const to = path.relative(this.root, target).split(path.sep).join("/") || ".";
      this.warn(Code.PATH_SYMLINK_DIR, rel, `is a symlink to the skill's own folder ${JSON.stringify(to)}; not followed (its files are listed there)`, "refer to the folder by its real path");
      return;
    }
    this.info(rel, "is not a regular file and is left out");
  }

  private async file(abs: string, rel: string): Promise<void> {
    try {
      const stat = await io(() => fs.stat(abs));
      this.add(rel, abs, stat.size);
    } catch (err) {
      this.warn(Code.FILE_UNREADABLE, rel, `cannot be read (${errCode(err)}); left out`, "check permissions");
    }
  }

  private add(rel: string, real: string, size: number): void {
    if (this.capHit) return;
    this.files.push({ rel, real, size });
    this.bytes += size;
    if (this.files.length > Limits.filesPerSkill) {
      this.capHit = this.cap(Code.SKILL_TOO_MANY_FILES, `skill holds more than ${Limits.filesPerSkill} files`, `at most ${Limits.filesPerSkill} files per skill`);
    } else if (this.bytes > Limits.bytesPerSkill) {
      const mib = Limits.bytesPerSkill / 1024 / 1024;
      this.capHit = this.cap(Code.SKILL_TOO_BIG, `skill files add up to more than ${mib} MiB`, `at most ${mib} MiB per skill; keep large data out of skills`);
    }
  }

  private cap(code: Code, message: string, hint: string): Diagnostic {
    return { code, severity: "error", message, file: this.show("."), hint };
  }

  private warn(code: Code, rel: string, message: string, hint: string): void {
    this.found.push({ code, severity: "warning", message: `${rel} ${message}`, file: this.show(rel), hint });
  }

  private info(rel: string, message: string): void {
    const hint = "skills bundle regular files only";
    this.found.push({ code: Code.PATH_NOT_REGULAR, severity: "info", message: `${rel} ${message}`, file: this.show(rel), hint });
  }
}

const errCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? "error";
