import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { skvmHome } from "../state-dir.js";

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
