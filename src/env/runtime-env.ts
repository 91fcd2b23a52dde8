import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { EnvSkill } from "./env-skill.js";
import { skillStateDir } from "./state-dir.js";

/**
 * Environment additions for running a skill's own scripts: its virtualenv and npm prefix (made by
 * install.sh) come first, and the variables it declares in `requires.env` are passed on when set
 * AND the user allowed them (see declaredVariables). The exec allowlist keeps everything else out.
 */
export function runtimeEnvFor(skill: Pick<EnvSkill, "name" | "dir" | "manifest">, currentPath = process.env.PATH ?? ""): Record<string, string> {
  const state = skillStateDir(skill);
  const venv = join(state, "venv");
  const nodeModules = join(state, "node", "node_modules");
  const env: Record<string, string> = { ...declaredVariables(skill) };
  const prefixes = [join(venv, "bin"), join(nodeModules, ".bin")].filter((dir) => existsSync(dir));
  if (prefixes.length) env.PATH = [...prefixes, ...(currentPath ? [currentPath] : [])].join(delimiter);
  if (existsSync(join(venv, "bin"))) env.VIRTUAL_ENV = venv;
  if (existsSync(nodeModules)) {
    env.NODE_PATH = nodeModules;
    // ES modules ignore NODE_PATH: this hook makes `import("pkg")` look there too.
    env.NODE_OPTIONS = `--import=${NODE_PATH_HOOKS}`;
  }
  return env;
}

const NODE_PATH_HOOKS = new URL("./node-path-hooks.js", import.meta.url).href;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variables a skill may receive from the server's environment: SKVM_ALLOW_ENV, comma-separated. */
export const ALLOW_ENV_VARIABLE = "SKVM_ALLOW_ENV";

/**
 * The skill's declared variables that are set (non-empty) in `parent` and allowed by the user.
 * A skill can declare any name, so a server never hands over its secrets (AWS keys, tokens)
 * unless the user listed that name in SKVM_ALLOW_ENV; verify reports the others as missing.
 */
export function declaredVariables(skill: Pick<EnvSkill, "manifest">, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const allowed = new Set((parent[ALLOW_ENV_VARIABLE] ?? "").split(",").map((n) => n.trim()));
  const vars: Record<string, string> = {};
  for (const { name } of skill.manifest.env?.requires.env ?? []) {
    const value = parent[name];
    if (value && allowed.has(name) && ENV_NAME.test(name) && !value.includes("\0")) vars[name] = value;
  }
  return vars;
}
