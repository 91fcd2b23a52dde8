import { PACKAGE_MANAGERS } from "./base-commands.js";
import { parseArgs } from "./command-options.js";
import { binRequirement, executableName, isPython, isShell } from "./executable.js";
import type { Finding } from "./finding.js";
import { installFindings, pipInstall } from "./install-lines.js";
import { moduleRequirement } from "./python-module.js";
import type { ScanCtx } from "./scan-context.js";
import type { Word } from "./shell-words.js";

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

/** Commands that run another command: the requirement is the command they run. */
const WRAPPERS: Readonly<Record<string, ReadonlySet<string>>> = {
  sudo: set("-u", "-g", "-C", "-D", "-h", "-p", "-U", "-r", "-t", "-T"),
  doas: set("-u", "-C"),
  env: set("-u", "--unset", "-C", "--chdir"),
  nohup: set(),
  time: set("-f", "-o"),
  exec: set("-a"),
  nice: set("-n", "--adjustment"),
  timeout: set("-s", "--signal", "-k", "--kill-after"),
  stdbuf: set("-i", "-o", "-e"),
  xargs: set("-I", "-i", "-n", "-P", "-L", "-l", "-s", "-d", "-E", "-e", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"),
  command: set(),
  builtin: set(),
};

/** Argument words after the wrapper that are not the wrapped command (`timeout 30s cmd`, `env A=1 cmd`). */
const LEADING_VALUE = (wrapper: string, word: string): boolean =>
  (wrapper === "timeout" && /^\d/.test(word)) || (wrapper === "env" && /^\w+=/.test(word));

/** `python3 -m pip ...`, `python -c "..."`: options taking a value (`-m` and `-c` handled apart). */
const PYTHON_VALUE_OPTIONS = set("-W", "-X", "--check-hash-based-pycs");

/**
 * What one command line needs: its executable as a bin, or, for a package tool, what it installs;
 * wrappers (`sudo`, `env`, `xargs`) are looked through; a shell or Python given code to run
 * (`bash -c`, `python3 -c`) has that code read too.
 */
export function commandFindings(argv: readonly Word[], row: number, ctx: ScanCtx): Finding[] {
  const words = unwrap(argv);
  const word = words[0];
  if (word === null || word === undefined || ctx.localCommands.has(word)) return [];
  const name = executableName(word);
  if (name === undefined) return [];
  const args = words.slice(1);
  const installs = installFindings(name, args, row);
  if (installs !== undefined) return installs;
  if (PACKAGE_MANAGERS.has(name)) return [];
  if (isPython(name)) return pythonRun(name, args, row, ctx);
  if (isShell(name)) return [...shellRun(args, row, ctx), ...binRequirement(name, row)];
  return binRequirement(name, row);
}

function unwrap(argv: readonly Word[]): Word[] {
  let words = [...argv];
  for (let guard = 0; guard < 8; guard++) {
    const head = words[0];
    const options = head === null || head === undefined ? undefined : WRAPPERS[head];
    if (head === null || head === undefined || options === undefined) return words;
    const rest = words.slice(1);
    // `command -v git` checks for git; it does not run it, and a script that checks has a fallback.
    if (head === "command" && rest.some((w) => w === "-v" || w === "-V")) return [];
    let tail = parseArgs(rest, options, true).tail;
    while (typeof tail[0] === "string" && LEADING_VALUE(head, tail[0])) tail = tail.slice(1);
    words = tail;
  }
  return words;
}

/**
 * `python3 x.py`, `python3 -m module`, `python3 -c "import x"`: the interpreter and what the code
 * imports. `python3 -m pip install x` is an install line like `pip install x`.
 */
function pythonRun(name: string, args: Word[], row: number, ctx: ScanCtx): Finding[] {
  const parsed = parseArgs(args, set(...PYTHON_VALUE_OPTIONS, "-m", "-c"), true);
  const module = parsed.options.get("-m")?.[0];
  if (module === "pip") return pipLine([...parsed.tail], row);
  const interpreter = binRequirement(name, row);
  if (typeof module === "string") return [...interpreter, ...moduleRequirement(module, row, false, ctx.localModules)];
  const code = parsed.options.get("-c")?.[0];
  return typeof code === "string" ? [...interpreter, ...ctx.embedded("python", code, row)] : interpreter;
}

/** After `python -m pip`, parseArgs stopped at the pip subcommand: `install a b`. */
function pipLine(tail: Word[], row: number): Finding[] {
  return tail[0] === "install" ? pipInstall(tail.slice(1), row) : [];
}

/** `bash -c "cmd ..."`: read the command string as shell. */
function shellRun(args: Word[], row: number, ctx: ScanCtx): Finding[] {
  const at = args.findIndex((a) => typeof a === "string" && /^-[a-z]*c[a-z]*$/.test(a));
  const code = at >= 0 ? args[at + 1] : undefined;
  return typeof code === "string" ? ctx.embedded("bash", code, row) : [];
}
