import { promises as fs } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import { Code } from "./codes.js";
import { Diagnostic, hasErrors } from "./diagnostic.js";
import { displayPath } from "./display-path.js";
import { parseSkillDocument } from "./document.js";
import { findEntry, readEntry } from "./entry.js";
import { takeInventory } from "./inventory.js";
import { SkillIR } from "./ir.js";
import { ENTRY_NAMES } from "./limits.js";
import { Reporter } from "./reporter.js";

export const LoadResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), ir: SkillIR }),
  z.object({
    ok: z.literal(false),
    /** Absolute path of the skill folder. */
    dir: z.string(),
    /** The folder name: the frontmatter name may be what failed. */
    name: z.string(),
    diagnostics: z.array(Diagnostic),
    /** Over the skill's files, when they could all be read: lets a failure be cached by content. */
    sourceHash: z.string().optional(),
  }),
]);
export type LoadResult = z.infer<typeof LoadResult>;

export interface LoadOptions {
  /**
   * Diagnostic paths are shown relative to this folder. Default: the parent of the skill's
   * parent, so a skill in `skills/pdf` reports `skills/pdf/SKILL.md`.
   */
  displayRoot?: string;
  /** Receives one debug line per load (timing, counts); never stdout. */
  logger?: Logger;
}

/**
 * Loads one skill folder into a validated SkillIR. Bad content never throws: hard violations
 * give `{ ok: false, diagnostics }`, soft ones ride along in `ir.diagnostics`.
 */
export async function loadSkill(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  if (typeof dir !== "string") throw new TypeError("loadSkill(dir) expects a string");
  const started = performance.now();
  const abs = path.resolve(dir);
  const folder = path.basename(abs);
  const displayRoot = path.resolve(opts.displayRoot ?? path.dirname(path.dirname(abs)));
  const show = (rel: string): string => displayPath(displayRoot, path.join(abs, rel));
  const fail = (diagnostics: Diagnostic[], sourceHash = ""): LoadResult => ({ ok: false, dir: abs, name: folder, diagnostics, ...(sourceHash ? { sourceHash } : {}) });

  const folderReport = new Reporter(show("."));
  const entry = await findEntryOf(abs, folderReport);
  if (entry === undefined) return fail(folderReport.diagnostics);

  const report = new Reporter(show(entry));
  const [doc, inventory] = await Promise.all([
    readEntry(abs, entry, report).then((text) => (text === undefined ? undefined : parseSkillDocument(text, folder, report))),
    takeInventory(abs, entry, show),
  ]);
  const diagnostics = [...report.diagnostics, ...inventory.diagnostics];
  opts.logger?.debug({ skill: folder, files: inventory.files.length, ms: Math.round(performance.now() - started) }, "skill loaded");
  if (doc === undefined || hasErrors(diagnostics)) return fail(diagnostics, inventory.sourceHash);

  return {
    ok: true,
    ir: { dir: abs, folder, entry, ...doc, files: inventory.files, sources: inventory.sources, sourceHash: inventory.sourceHash, diagnostics },
  };
}

/** The entry file name of a skill folder, or undefined after saying why there is none. */
async function findEntryOf(abs: string, report: Reporter): Promise<string | undefined> {
  const stat = await fs.stat(abs).catch(() => undefined);
  if (stat === undefined) {
    report.error(Code.SKILL_DIR_NOT_FOUND, "skill folder does not exist", { hint: "check the path or the skills root" });
    return undefined;
  }
  if (!stat.isDirectory()) {
    report.error(Code.SKILL_NOT_A_DIRECTORY, "is not a folder", { hint: "a skill is a folder holding SKILL.md" });
    return undefined;
  }
  let entry: string | undefined;
  try {
    entry = await findEntry(abs);
  } catch (err) {
    report.error(Code.FILE_UNREADABLE, `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, { hint: "check permissions" });
    return undefined;
  }
  if (entry === undefined) {
    report.error(Code.SKILL_ENTRY_MISSING, `folder holds no ${ENTRY_NAMES.join(" or ")}`, { hint: "agentskills.io: a skill is a folder with a SKILL.md file" });
  }
  return entry;
}
