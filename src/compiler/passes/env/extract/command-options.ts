import type { Word } from "./shell-words.js";

export interface ParsedArgs {
  /** Non-option words, in order (all of them, or just the first when stopping there). */
  positionals: Word[];
  /** Option values by option name (`-p x`, `--package=x`). */
  options: Map<string, Word[]>;
  /** The words from the first positional on: the wrapped command of `sudo -u me cmd ...`. */
  tail: Word[];
}

/**
 * Splits a command's arguments into options and positionals. `withValue` names the options that
 * take the next word as their value; every other `-x` is a flag. A word that depends on an
 * expansion (null) is neither an option nor a usable positional and is dropped.
 */
export function parseArgs(args: readonly Word[], withValue: ReadonlySet<string>, stopAtPositional = false): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map(), tail: [] };
  const put = (name: string, value: Word): void => {
    parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? null;
    if (arg === "--") {
      parsed.positionals.push(...args.slice(i + 1));
      if (stopAtPositional) parsed.tail = args.slice(i + 1);
      break;
    }
    if (arg !== null && arg.startsWith("-") && arg.length > 1) {
      const eq = arg.indexOf("=");
      if (arg.startsWith("--") && eq > 0) put(arg.slice(0, eq), arg.slice(eq + 1));
      else if (withValue.has(arg)) put(arg, args[++i] ?? null);
      else put(arg, null);
      continue;
    }
    if (stopAtPositional) {
      parsed.positionals.push(arg);
      parsed.tail = args.slice(i);
      break;
    }
    if (arg !== null) parsed.positionals.push(arg);
  }
  return parsed;
}

export const optionValues = (parsed: ParsedArgs, ...names: string[]): string[] =>
  names.flatMap((n) => parsed.options.get(n) ?? []).filter((v): v is string => v !== null);
