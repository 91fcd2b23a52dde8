import type { parse as Parse } from "shell-quote";
import { codeLanguage } from "../../../skill/index.js";

let parseShell: typeof Parse | undefined;

/** shell-quote loads in the setup of the passes that read commands, not with every server start. */
export async function loadShellParser(): Promise<void> {
  parseShell ??= (await import("shell-quote")).parse;
}

/**
 * A command line as shell-quote tokens (words and operators), or undefined when it does not
 * parse. `$VAR` stays literal (the model sees the instruction text, not an expanded environment)
 * and `<file>`-style placeholders are arguments to fill in, not redirections.
 */
export function shellTokens(line: string): ReturnType<typeof Parse> | undefined {
  if (!parseShell) throw new Error("shell-quote used before loadShellParser()");
  try {
    return parseShell(line.replace(/<([A-Za-z][\w.-]*)>/g, "'<$1>'"), (key) => `$${key}`);
  } catch {
    return undefined;
  }
}

/** An instruction line that runs one of the skill's bundled scripts. */
export interface ScriptInvocation {
  script: string;
  args: string[];
}

const INTERPRETERS = new Set(["python", "python3", "bash", "sh", "node", "zsh"]);
/** Shell and transcript blocks, plus untagged ones: skills often leave command blocks untagged. */
export const isShellLang = (lang: string): boolean => {
  const kind = codeLanguage(lang);
  return lang === "" || kind === "shell" || kind === "console";
};

/** Joins backslash continuations and drops `$ ` prompts so each entry is one command line. */
export function commandLines(code: string): { text: string; offset: number }[] {
  const lines: { text: string; offset: number }[] = [];
  let pending: { text: string; offset: number } | undefined;
  let offset = 0;
  for (const raw of code.split("\n")) {
    const line = pending ? raw : raw.replace(/^\s*\$\s+/, "");
    const current = pending ?? { text: "", offset };
    current.text += line.endsWith("\\") ? `${line.slice(0, -1)} ` : line;
    pending = line.endsWith("\\") ? current : undefined;
    if (!pending) lines.push(current);
    offset += raw.length + 1;
  }
  if (pending) lines.push(pending);
  return lines;
}

/**
 * Recognizes `python3 scripts/x.py a b`, `bash ./scripts/x.sh`, `${SKVM_SKILL_DIR}/scripts/x.sh -f`
 * (after env assignments) and returns the script path relative to the skill and its literal
 * arguments up to the first shell operator. `isBundled` maps a candidate path to the bundled
 * path, or undefined.
 */
export function parseInvocation(
  line: string,
  isBundled: (candidate: string) => string | undefined,
): ScriptInvocation | undefined {
  const tokens = shellTokens(line);
  if (!tokens) return undefined;
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token !== "string") break;
    words.push(token);
  }
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? "")) words.shift();
  const [first, second] = words;
  if (first === undefined) return undefined;
  const viaInterpreter = INTERPRETERS.has(first) ? second : undefined;
  const candidate = viaInterpreter ?? first;
  const script = isBundled(stripDirPrefix(candidate));
  if (!script) return undefined;
  const args = words.slice(viaInterpreter === undefined ? 1 : 2);
  return { script, args };
}

/** `$SKVM_SKILL_DIR/x`, `${SKVM_SKILL_DIR}/x` and `./x` all name the bundled file `x`. */
function stripDirPrefix(path: string): string {
  return path.replace(/^\$\{?SKVM_SKILL_DIR\}?\//, "").replace(/^\.\//, "");
}
