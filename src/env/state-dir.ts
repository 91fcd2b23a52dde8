import { join } from "node:path";
import { skvmHome } from "../state-dir.js";

// Skill names are folder names; anything that could climb out of the state folder is refused.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Per-skill state: the virtualenv, the npm prefix and the cached verdict live here. */
export function skillStateDir(name: string): string {
  if (!SAFE_NAME.test(name) || name.includes("..")) throw new Error(`ENV_BAD_SKILL_NAME: "${name}" cannot name a state folder`);
  return join(skvmHome(), "env", name);
}
