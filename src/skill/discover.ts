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
  await search.visit({ dir: abs, real, depth: 0, chain: [real] });
  return search.result();
}

interface Place {
  /** Path as reached from the root (through symlink names), which is what we return. */
  dir: string;
  real: string;
  depth: number;
  /** Real folders from the root down, to refuse a symlink back up the tree. */
  chain: readonly string[];
}

class Search {
  private readonly found: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];

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
        const next = await step(at, e);
        if (next) await this.visit(next);
      }),
    );
  }

  private note(severity: Diagnostic["severity"], code: Code, at: Place, message: string, hint: string): void {
    const file = path.join(this.root, path.relative(this.absRoot, at.dir)).split(path.sep).join("/");
    this.diagnostics.push({ code, severity, message, file, hint });
  }
}

/** The child folder to search next, following symlinks to folders but never into a cycle. */
async function step(at: Place, e: Dirent): Promise<Place | undefined> {
  const dir = path.join(at.dir, e.name);
  if (e.isDirectory()) {
    const real = path.join(at.real, e.name);
    return { dir, real, depth: at.depth + 1, chain: [...at.chain, real] };
  }
  const real = await io(() => fs.realpath(dir)).catch(() => undefined);
  if (real === undefined) return undefined;
  const stat = await io(() => fs.stat(real)).catch(() => undefined);
  if (!stat?.isDirectory() || at.chain.some((c) => isInside(real, c))) return undefined;
  return { dir, real, depth: at.depth + 1, chain: [...at.chain, real] };
}
