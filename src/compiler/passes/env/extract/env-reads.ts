import type { RequirementFinding } from "./finding.js";

/**
 * Variables every machine or harness sets, or that only tune a tool: reading them says nothing
 * about what a user must provide.
 */
const AMBIENT: ReadonlySet<string> = new Set([
  "HOME", "PATH", "USER", "USERNAME", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TMPDIR", "TMP", "TEMP", "LANG", "LANGUAGE",
  "LC_ALL", "LC_CTYPE", "TERM", "TZ", "HOSTNAME", "DISPLAY", "EDITOR", "VISUAL", "PAGER", "COLUMNS", "LINES", "CI",
  "DEBUG", "VERBOSE", "NODE_ENV", "NODE_PATH", "NODE_OPTIONS", "PYTHONPATH", "PYTHONIOENCODING", "VIRTUAL_ENV",
  "NO_COLOR", "FORCE_COLOR", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "SYSTEMROOT", "COMSPEC", "PROGRAMFILES",
  "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "HERMES_SKILL_DIR",
]);

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An environment variable the code reads (`os.environ["X"]`, `os.getenv("X")`, `process.env.X`):
 * an optional requirement, listed so a user sees it, never one that makes the skill unready (the
 * code may have a default, or need it only on one path).
 */
export function envRead(name: string, row: number): RequirementFinding[] {
  if (!VARIABLE.test(name) || AMBIENT.has(name) || name.startsWith("XDG_") || name.startsWith("SKVM_")) return [];
  return [{ type: "requirement", kind: "env", name, row, optional: true }];
}
