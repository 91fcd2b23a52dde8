import { createHash } from "node:crypto";
import { join } from "node:path";
import { skvmHome } from "../state-dir.js";

// Skill names are folder names; anything that could climb out of the state folder is refused.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Per-skill state: the virtualenv, the npm prefix and the cached verdict live here. Keyed by name
 * and source folder, so two skills of one name from different folders never share a virtualenv.
 */
export function skillStateDir(skill: { name: string; dir: string }): string {
  const { name } = skill;
  if (!SAFE_NAME.test(name) || name.includes("..")) throw new Error(`ENV_BAD_SKILL_NAME: "${name}" cannot name a state folder`);
  const folder = createHash("sha256").update(skill.dir).digest("hex").slice(0, 12);
  return join(skvmHome(), "env", `${name}-${folder}`);
}
