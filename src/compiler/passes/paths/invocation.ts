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

/** A file redirect a script command may carry: what the shell would open for it. */
export interface Redirect {
  op: "<" | ">" | ">>" | "2>" | "2>>";
  path: string;
}

/** A command line that runs one bundled script, as data: everything a shell would do with it. */
export interface ScriptCommand extends ScriptInvocation {
  /** `X=1` assignments before the command. */
  env: Record<string, string>;
  redirects: Redirect[];
  /** Constructs only a shell runs (`|`, `&&`, `;`, `2>&1`, globs, `$VAR`, `` ` ``, `~`); empty when argv says it all. */
  shellOnly: string[];
}

/** Commands that run the script named next: `python3 scripts/x.py`. */
export const INTERPRETERS: ReadonlySet<string> = new Set(["python", "python3", "bash", "sh", "node", "zsh"]);
const FILE_REDIRECTS = new Set([">", ">>", ">|", "<"]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
/** Expansions a shell performs on words: variables (the skill-dir token aside), command substitution, `~`. */
const EXPANSION = /[$`]|(?:^|\s)~/;

/**
 * Recognizes `python3 scripts/x.py a b`, `bash ./scripts/x.sh`, `${SKVM_SKILL_DIR}/scripts/x.sh -f`
 * (after env assignments) and returns the script path relative to the skill, its arguments and
 * the file redirects around it. Anything a plain argv cannot express is listed in `shellOnly`,
 * never dropped; the words after the first such operator belong to another command and are not
 * arguments. `isBundled` maps a candidate path to the bundled path, or undefined.
 */
export function scriptCommand(line: string, isBundled: (candidate: string) => string | undefined): ScriptCommand | undefined {
  const tokens = shellTokens(line);
  if (!tokens) return undefined;
  const words: string[] = [];
  const redirects: Redirect[] = [];
  const shellOnly = new Set<string>();
  const rest = line.replace(/\$\{?SKVM_SKILL_DIR\}?/g, "");
  if (EXPANSION.test(rest)) shellOnly.add(/`|\$\(/.test(rest) ? "$(...)" : /\$/.test(rest) ? "$VAR" : "~");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    if (typeof token === "string") {
      words.push(token);
      continue;
    }
    if ("comment" in token) break;
    if (!("op" in token)) continue;
    if (token.op === "glob") {
      shellOnly.add(token.pattern);
      words.push(token.pattern);
      continue;
    }
    const target = tokens[i + 1];
    const fd = fdBefore(line, words, token.op);
    // An empty target (`url/<id> --flag`, a placeholder read as redirects) is no file: shell-only.
    if (FILE_REDIRECTS.has(token.op) && typeof target === "string" && target !== "" && (fd === "" || (fd === "2" && token.op !== "<"))) {
      if (fd) words.pop();
      redirects.push({ op: `${fd}${token.op === ">|" ? ">" : token.op}` as Redirect["op"], path: target });
      i++;
      continue;
    }
    shellOnly.add(`${fd}${token.op}`);
    break;
  }
  const env: Record<string, string> = {};
  for (let m = ASSIGNMENT.exec(words[0] ?? ""); m; m = ASSIGNMENT.exec(words[0] ?? "")) {
    env[m[1] ?? ""] = m[2] ?? "";
    words.shift();
  }
  const [first, second] = words;
  if (first === undefined) return undefined;
  const viaInterpreter = INTERPRETERS.has(first) ? second : undefined;
  const script = isBundled(stripDirPrefix(viaInterpreter ?? first));
  if (!script) return undefined;
  const args = words.slice(viaInterpreter === undefined ? 1 : 2);
  return { script, args, env, redirects, shellOnly: [...shellOnly] };
}

/** The fd number written right before a redirect (`2>`), which shell-quote leaves as a word; "" when none. */
function fdBefore(line: string, words: readonly string[], op: string): string {
  const last = words.at(-1);
  if (last === undefined || !/^\d$/.test(last)) return "";
  // Any operator shell-quote returns may be a regex metacharacter (`(`, `)`, `|`): escape them all.
  return new RegExp(`(?:^|\\s)${last}${op.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(line) ? last : "";
}

/** The script and its arguments, for callers that only need those (redirects and the rest: see scriptCommand). */
export function parseInvocation(line: string, isBundled: (candidate: string) => string | undefined): ScriptInvocation | undefined {
  const command = scriptCommand(line, isBundled);
  return command && { script: command.script, args: command.args };
}

/** `$SKVM_SKILL_DIR/x`, `${SKVM_SKILL_DIR}/x` and `./x` all name the bundled file `x`. */
export function stripDirPrefix(path: string): string {
  return path.replace(/^\$\{?SKVM_SKILL_DIR\}?\//, "").replace(/^\.\//, "");
}
