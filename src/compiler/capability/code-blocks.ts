import { codeLanguage } from "../../skill/index.js";
import type { CodeBlock } from "../../skill/ir.js";
import { bundledScriptRun } from "./commands.js";
import type { CodeLang } from "./code-difficulty.js";
import type { SkillText } from "./skill-text.js";

// Which fenced blocks are code the model must write or adapt, and in what language. Shell blocks
// that only run commands (a bundled script, an install) are tool.exec, not code to write: only
// scripting constructs make a shell block a program.

const EXTRA_LANGS: Readonly<Record<string, CodeLang>> = {
  sql: "sql", sqlite: "sql", postgresql: "sql", postgres: "sql", mysql: "sql", plpgsql: "sql",
  html: "html", htm: "html", xhtml: "html",
};

// A single pipe into `head` is still just a command; three pipes are a pipeline to get right.
const SHELL_PROGRAM = /\$\(|`[^`]+`|(?:\|[^|]+){2,}\||\bsed\s+(?:-\w+\s+)*['"]s|^\s*[A-Za-z_]\w*=\S*\s*$|^\s*(?:for|while|until|case|if)\b|\(\)\s*\{|\bawk\b/;
/** Fewer code lines than this is a call or a value, not a program to write. */
const MIN_CODE_LINES = 2;

export function blockLanguage(block: CodeBlock): CodeLang | undefined {
  const kind = codeLanguage(block.lang);
  if (kind === "python" || kind === "javascript") return kind;
  if (kind === "shell") return "shell";
  return EXTRA_LANGS[block.lang];
}

const codeLines = (code: string): string[] => code.split("\n").filter((l) => l.trim() !== "" && !/^\s*(?:#|\/\/|--)/.test(l));

/** The blocks that are code to write, with their language. */
export function codeToWrite(text: SkillText): { block: CodeBlock; lang: CodeLang }[] {
  return text.blocks.flatMap((block): { block: CodeBlock; lang: CodeLang }[] => {
    const lang = blockLanguage(block);
    if (lang === undefined) return [];
    const lines = codeLines(block.code);
    if (lang === "shell") {
      const own = lines.filter((l) => bundledScriptRun(l.replace(/^\s*\$\s+/, ""), text.bundled) === undefined);
      return own.some((l) => SHELL_PROGRAM.test(l)) ? [{ block, lang }] : [];
    }
    return lines.length >= MIN_CODE_LINES ? [{ block, lang }] : [];
  });
}

/** Python modules and packages the skill bundles (`scripts/table_io.py` -> `table_io`): not third-party libraries. */
export function localPythonModules(text: SkillText): Set<string> {
  // Every folder on the way is a package name too (`core/gif_builder.py` -> `core`, `gif_builder`).
  return new Set([...text.bundled].filter((p) => p.endsWith(".py")).flatMap((p) => p.replace(/\.py$/, "").split("/")));
}
