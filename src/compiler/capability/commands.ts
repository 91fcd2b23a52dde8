import { codeLanguage } from "../../skill/index.js";
import type { CodeBlock } from "../../skill/ir.js";
import { commandLines } from "../passes/paths/invocation.js";
import type { SkillText } from "./skill-text.js";

// Command lines the skill tells the model to run: the lines of shell and transcript blocks, with
// their SKILL.md line, and which of them run one of the skill's own scripts.

export interface CommandLine {
  text: string;
  line: number;
  /** Offset of the line inside its block's code (for evidence). */
  offset: number;
  block: CodeBlock;
  /** The bundled script it runs, when it runs one. */
  script?: string;
}

const INTERPRETER = /^(?:sudo\s+)?(?:python(?:3(?:\.\d+)?)?|py|bash|sh|zsh|node|deno\s+run|bun|ruby|perl|uv\s+run|npx\s+tsx|tsx|ts-node)\s+(?:-\S+\s+)*/;
const ASSIGNMENTS = /^(?:[A-Za-z_]\w*=\S*\s+)*/;
const DIR_PREFIX = /^(?:\{baseDir\}|\$\{?[A-Za-z_]\w*\}?|\.)\//;
/** Files a command can run; a document named after `python` is not a script run. */
const RUNNABLE = /\.(?:py|sh|bash|zsh|js|mjs|cjs|ts|rb|pl)$/;

/** The bundled script a command line runs (`python3 scripts/x.py`, `./scripts/y.sh`, `bash {baseDir}/z.sh`). */
export function bundledScriptRun(command: string, bundled: ReadonlySet<string>): string | undefined {
  const rest = command.trim().replace(ASSIGNMENTS, "");
  const viaInterpreter = INTERPRETER.exec(rest);
  const word = /^\S+/.exec(viaInterpreter ? rest.slice(viaInterpreter[0].length) : rest)?.[0];
  if (word === undefined) return undefined;
  const path = word.replace(/^["']|["']$/g, "").replace(DIR_PREFIX, "");
  if (!bundled.has(path) || !RUNNABLE.test(path)) return undefined;
  // Without an interpreter only an explicit path runs a file (`./x.sh`, `{baseDir}/x.sh`, `scripts/x.sh`).
  if (!viaInterpreter && !word.includes("/")) return undefined;
  return path;
}

const isShellBlock = (lang: string): boolean => {
  const kind = codeLanguage(lang);
  return kind === "shell" || kind === "console";
};

/**
 * Commands of the skill's shell blocks (comments and blank lines left out; in transcripts only
 * `$ ` lines), and the lines of untagged blocks that run a bundled script.
 */
export function commandsOf(text: SkillText): CommandLine[] {
  return text.blocks.flatMap((block) => {
    const tagged = isShellBlock(block.lang);
    if (!tagged && block.lang !== "") return [];
    const transcript = codeLanguage(block.lang) === "console";
    const rawLines = block.code.split("\n");
    return commandLines(block.code).flatMap((cmd): CommandLine[] => {
      const offset = block.code.slice(0, cmd.offset).split("\n").length - 1;
      const raw = rawLines[offset] ?? "";
      if (transcript && !/^\s*\$\s/.test(raw)) return [];
      const trimmed = cmd.text.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return [];
      const script = bundledScriptRun(trimmed, text.bundled);
      if (!tagged && script === undefined) return [];
      return [{ text: trimmed, line: block.startLine + 1 + offset, offset, block, ...(script ? { script } : {}) }];
    });
  });
}
