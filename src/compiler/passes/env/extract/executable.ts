import { BASE_COMMANDS } from "./base-commands.js";
import { type RequirementFinding, binFinding } from "./finding.js";

const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** A file run by path is the skill's own script (or the user's), never a tool to install. */
const SCRIPT_FILE = /\.(py|sh|bash|zsh|js|mjs|cjs|ts|rb|pl|ps1|bat|cmd)$/i;

/**
 * The executable a command word names, or undefined when it names none a machine can lack:
 * a variable or placeholder (`$PY`, `<tool>`, `{baseDir}/x`), a relative path (the skill's own
 * `scripts/x.sh`, `./run`), a script file. An absolute path keeps its basename (`/usr/bin/qpdf`).
 */
export function executableName(word: string): string | undefined {
  if (/[$`{}<>*?[\]~]/.test(word)) return undefined;
  let name = word;
  if (name.includes("/")) {
    if (!name.startsWith("/")) return undefined;
    name = name.slice(name.lastIndexOf("/") + 1);
  }
  if (!PLAIN_NAME.test(name) || /^\d+$/.test(name) || SCRIPT_FILE.test(name)) return undefined;
  return name;
}

export const isPython = (name: string): boolean => /^python(3(\.\d+)?)?$/.test(name);
export const isNode = (name: string): boolean => name === "node" || name === "nodejs";
export const isShell = (name: string): boolean => /^(ba|z|da|k)?sh$/.test(name);

/**
 * The bins requirement for a command name, or none for shell builtins and base tools. Bare
 * `python` is Python 3 on any machine worth supporting, and `python3` is what exists on most: the
 * requirement is python3, satisfied by either.
 */
export function binRequirement(name: string, row: number, extraBase?: ReadonlySet<string>): RequirementFinding[] {
  if (BASE_COMMANDS.has(name) || extraBase?.has(name)) return [];
  return [declaredBin(name, row)];
}

/**
 * The bins requirement for a name an author declared (OpenClaw `requires.bins`): kept even when it
 * is a base tool, since an author who lists `tar` or `date` means it (a slim container may lack it).
 */
export function declaredBin(name: string, row: number): RequirementFinding {
  if (name === "python") return binFinding("python3", row, ["python3", "python"]);
  if (name === "nodejs") return binFinding("node", row);
  return binFinding(name, row);
}
