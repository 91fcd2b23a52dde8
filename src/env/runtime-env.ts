import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { EnvSkill } from "./env-skill.js";
import { skillStateDir } from "./state-dir.js";

/**
 * Environment additions for running a skill's own scripts: its virtualenv and npm prefix (made by
 * install.sh) come first, and the variables it declares in `requires.env` are passed on when set.
 * The exec allowlist keeps everything else out; a declared variable is one the skill said it needs
 * and verify checked, so without it here the skill would be "ready" yet unable to run.
 */
export function runtimeEnvFor(skill: Pick<EnvSkill, "name" | "manifest">, currentPath = process.env.PATH ?? ""): Record<string, string> {
  const state = skillStateDir(skill.name);
  const venv = join(state, "venv");
  const nodeModules = join(state, "node", "node_modules");
  const env: Record<string, string> = { ...declaredVariables(skill) };
  const prefixes = [join(venv, "bin"), join(nodeModules, ".bin")].filter((dir) => existsSync(dir));
  if (prefixes.length) env.PATH = [...prefixes, ...(currentPath ? [currentPath] : [])].join(delimiter);
  if (existsSync(join(venv, "bin"))) env.VIRTUAL_ENV = venv;
  if (existsSync(nodeModules)) env.NODE_PATH = nodeModules;
  return env;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The skill's declared variables that are set (non-empty) in `parent`. */
export function declaredVariables(skill: Pick<EnvSkill, "manifest">, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const { name } of skill.manifest.env?.requires.env ?? []) {
    const value = parent[name];
    if (value && ENV_NAME.test(name) && !value.includes("\0")) vars[name] = value;
  }
  return vars;
}
