import { isAbsolute, relative, resolve } from "node:path";
import type { EnvSkill } from "./env-skill.js";

/**
 * The absolute path of env/verify.sh or env/install.sh. The manifest is read from disk, so a
 * path that would leave the compiled folder is refused rather than run.
 */
export function scriptPath(skill: EnvSkill, which: "verify" | "install"): string {
  const env = skill.manifest.env;
  if (!env) throw new Error(`skill "${skill.name}" has no env section`);
  const abs = resolve(skill.compiledDir, env[which]);
  const rel = relative(skill.compiledDir, abs);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) {
    throw new Error(`ENV_SCRIPT_OUTSIDE: manifest env.${which} "${env[which]}" must stay inside ${skill.compiledDir}`);
  }
  return abs;
}
