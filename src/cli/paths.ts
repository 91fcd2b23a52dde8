import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { skvmHome } from "../state-dir.js";

/** A clear error for a skills folder that is not there, before anything starts or is written. */
export function missingSkillsRoot(skillsRoot: string): string | undefined {
  const abs = resolve(skillsRoot);
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  return `SKILLS_ROOT_NOT_FOUND: ${abs} is not a folder (pass --skills DIR: one skill folder or a folder of skills)`;
}

/**
 * Where compiled artifacts go when --compiled is not given: `./compiled` beside `./skills` in a
 * project that has both conventions, else a per-skills-folder cache so a user's skill tree is
 * never written to unasked.
 */
export function defaultCompiledDir(skillsRoot: string): string {
  const abs = resolve(skillsRoot);
  if (abs === resolve("skills") && existsSync("compiled")) return resolve("compiled");
  const key = createHash("sha256").update(abs).digest("hex").slice(0, 12);
  return join(skvmHome(), "compiled", `${basename(abs)}-${key}`);
}
