import { promises as fs, type Dirent } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { Code } from "./codes.js";
import { Diagnostic } from "./diagnostic.js";
import { entryNameIn } from "./entry.js";
import { io } from "./io-limit.js";
import { EXCLUDED_NAMES, Limits } from "./limits.js";
import { Reporter } from "./reporter.js";
import { isInside } from "./safe-path.js";

export const Discovery = z.object({
  /** Absolute skill folders, sorted. */
  skillDirs: z.array(z.string()),
  diagnostics: z.array(Diagnostic),
});
export type Discovery = z.infer<typeof Discovery>;

const skipped = (name: string): boolean => name.startsWith(".") || EXCLUDED_NAMES.has(name);

/**
 * Finds skill folders under `root`: `root` itself when it holds SKILL.md, otherwise every folder
 * below it that does, at any depth (registry dumps nest `owner/skill/SKILL.md`). A skill folder
 * is not searched further; hidden folders, node_modules and __pycache__ are never entered.
 * A symlink to a folder outside the root is followed (a root of links to skills kept elsewhere is
 * common), but only from the root's own tree, never from inside a followed link, and the search
 * below it stops after Limits.discoveryFoldersPerLink folders: a link to `/usr` costs a bounded
 * look, and a fan of links cannot multiply. Links back into the root are not followed (that
 * folder is searched under its own path).
 */
export async function discoverSkills(root: string): Promise<Discovery> {
  if (typeof root !== "string") throw new TypeError("discoverSkills(root) expects a string");
  const abs = path.resolve(root);
  const report = new Reporter(root);
  const stat = await fs.stat(abs).catch(() => undefined);
  if (stat === undefined) {
    report.error(Code.SKILLS_ROOT_NOT_FOUND, `skills root ${JSON.stringify(root)} does not exist`, { hint: "pass a folder of skills or one skill folder" });
    return { skillDirs: [], diagnostics: report.diagnostics };
  }
  if (!stat.isDirectory()) {
    report.error(Code.SKILLS_ROOT_NOT_A_DIRECTORY, `skills root ${JSON.stringify(root)} is not a folder`, { hint: "pass a folder of skills or one skill folder" });
    return { skillDirs: [], diagnostics: report.diagnostics };
  }

  const search = new Search(root, abs);
  const real = await fs.realpath(abs);
  await search.visit({ dir: abs, real, depth: 0 });
  return search.result();
}

interface Place {
  /** Path as reached from the root (through symlink names), which is what we return. */
  dir: string;
  real: string;
  depth: number;
  /** Set below a followed symlink: the folders it may still cost, shared by its whole branch. */
  viaLink?: { folders: number };
}

class Search {
  private readonly found: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  private realRoot = "";

  constructor(
    private readonly root: string,
    private readonly absRoot: string,
  ) {}

  result(): Discovery {
    const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return {
      skillDirs: [...this.found].sort(byText),
      diagnostics: [...this.diagnostics].sort((a, b) => byText(a.file ?? "", b.file ?? "")),
    };
  }

  async visit(at: Place): Promise<void> {
    if (at.depth === 0) this.realRoot = at.real;
    if (at.viaLink && --at.viaLink.folders < 0) {
      if (at.viaLink.folders === -1) this.note("warning", Code.DISCOVERY_LINK_TOO_BIG, at, `the symlinked folder holds more than ${Limits.discoveryFoldersPerLink} folders; searched no further`, "link to skill folders, not to large trees");
      return;
    }
    let entries: Dirent[];
    try {
      entries = await io(() => fs.readdir(at.dir, { withFileTypes: true }));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? "error";
      this.note("warning", Code.DIR_UNREADABLE, at, `folder cannot be read (${why}); skipped`, "check permissions");
      return;
    }
    if (entryNameIn(entries) !== undefined) {
      this.found.push(at.dir);
      return;
    }
    const children = entries.filter((e) => !skipped(e.name) && (e.isDirectory() || e.isSymbolicLink()));
    if (children.length === 0) return;
    if (at.depth >= Limits.discoveryDepth) {
      this.note("info", Code.DISCOVERY_TOO_DEEP, at, `folder is ${at.depth} levels below the root; not searched further`, `skills are looked for at most ${Limits.discoveryDepth} levels deep`);
      return;
    }
    await Promise.all(
      children.map(async (e) => {
        const next = await step(at, e, this.realRoot);
        if (next) await this.visit(next);
      }),
    );
  }

  private note(severity: Diagnostic["severity"], code: Code, at: Place, message: string, hint: string): void {
    const file = path.join(this.root, path.relative(this.absRoot, at.dir)).split(path.sep).join("/");
    this.diagnostics.push({ code, severity, message, file, hint });
  }
}

/** The child folder to search next; a symlink only when it leads out of the root's own tree. */
async function step(at: Place, e: Dirent, realRoot: string): Promise<Place | undefined> {
  const dir = path.join(at.dir, e.name);
  if (e.isDirectory()) return { ...at, dir, real: path.join(at.real, e.name), depth: at.depth + 1 };
  if (at.viaLink) return undefined;
  const real = await io(() => fs.realpath(dir)).catch(() => undefined);
  if (real === undefined || isInside(realRoot, real) || isInside(real, realRoot)) return undefined;
  const stat = await io(() => fs.stat(real)).catch(() => undefined);
  if (!stat?.isDirectory()) return undefined;
  return { dir, real, depth: at.depth + 1, viaLink: { folders: Limits.discoveryFoldersPerLink } };
}
