import type { EnvSkill } from "./env-skill.js";
import { declaredVariables } from "./runtime-env.js";
import { skillStateDir } from "./state-dir.js";

/**
 * Network settings pip and npm need behind a proxy or a private index. They reach install.sh
 * only: the exec allowlist keeps them from skill code, and verify never touches the network.
 * Not every npm_config_* variable: `npm run` sets some (prefix, cache) that would redirect installs.
 */
const INSTALL_PASSTHROUGH = [
  "SKVM_ALLOW_SYSTEM_PACKAGES",
  "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
  "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
  "npm_config_registry", "npm_config_cafile", "npm_config_proxy", "npm_config_https_proxy", "npm_config_strict_ssl", "npm_config_userconfig",
  "NPM_CONFIG_REGISTRY", "NPM_CONFIG_CAFILE", "NPM_CONFIG_PROXY", "NPM_CONFIG_HTTPS_PROXY", "NPM_CONFIG_STRICT_SSL", "NPM_CONFIG_USERCONFIG",
];
const INSTALL_PREFIXES = ["PIP_"];

/**
 * Variables for verify.sh / install.sh on top of the exec allowlist: where the skill lives, its
 * state folder, and the variables it declares (verify checks that they are set). PATH is explicit
 * so a caller that passes its own `parent` (a test, a changed PATH) is what the script sees.
 */
export function scriptEnv(skill: EnvSkill, parent: NodeJS.ProcessEnv, forInstall = false): Record<string, string> {
  const env: Record<string, string> = {
    ...declaredVariables(skill, parent),
    SKVM_SKILL_STATE: skillStateDir(skill),
    SKVM_SKILL_DIR: skill.dir,
  };
  if (parent.PATH !== undefined) env.PATH = parent.PATH;
  if (!forInstall) return env;
  for (const [name, value] of Object.entries(parent)) {
    const wanted = INSTALL_PASSTHROUGH.includes(name) || INSTALL_PREFIXES.some((p) => name.startsWith(p));
    if (wanted && value !== undefined && !value.includes("\0")) env[name] = value;
  }
  return env;
}
