import { codeLanguage } from "../../../skill/index.js";
import type { CodeBlock } from "../../../skill/ir.js";
import { FOREIGN_SKILL_DIR_PLACEHOLDERS, SKILL_DIR_TOKEN } from "../../skill-dir-token.js";
import { absolutizePaths } from "../paths/index.js";
import { commandLines, scriptCommand } from "../paths/invocation.js";
import { pythonFlow, shellFlow, type Flow } from "./dataflow.js";
import type { NodeRun } from "./schema.js";

const RUNNABLE = { shell: "shell", python: "python", javascript: "node" } as const;

export const withSkillDirToken = (code: string): string =>
  FOREIGN_SKILL_DIR_PLACEHOLDERS.reduce((text, p) => text.replaceAll(p, SKILL_DIR_TOKEN), code);

const isCommand = (line: string): boolean => line.trim() !== "" && !line.trim().startsWith("#");

/**
 * A code node whose mentions of bundled files point at the skill folder (the skill-dir token,
 * bound when it runs), so `bash scripts/x.sh` works from any working directory.
 */
export function codeRun(lang: "shell" | "python" | "node", code: string, bundled: ReadonlySet<string>): NodeRun {
  return { kind: "code", lang, code: absolutizePaths(withSkillDirToken(code), bundled) };
}

/**
 * A shell command line that runs one bundled script becomes a `script` run, its `X=1`
 * assignments and file redirects kept as data; a line with anything argv cannot say (pipes,
 * `&&`, `cd`, variables, globs) stays shell code, run by bash as written.
 */
export function commandRun(line: string, bundled: ReadonlySet<string>): NodeRun {
  const isBundled = (p: string) => (bundled.has(p) ? p : undefined);
  const command = scriptCommand(withSkillDirToken(line), isBundled);
  if (!command || command.shellOnly.length > 0) return codeRun("shell", line, bundled);
  const toSkill = (word: string) => (isBundled(word.replace(/^\.\//, "")) ? `${SKILL_DIR_TOKEN}/${word.replace(/^\.\//, "")}` : word);
  return {
    kind: "script",
    script: command.script,
    args: command.args.map(toSkill),
    ...(Object.keys(command.env).length ? { env: command.env } : {}),
    ...(command.redirects.length ? { redirects: command.redirects.map((r) => ({ ...r, path: toSkill(r.path) })) } : {}),
  };
}

/**
 * What a step's code blocks run, or undefined when they are not runnable as they stand (no
 * runnable block, or blocks in several languages, which only a model can stitch together).
 */
export function blocksRun(blocks: readonly CodeBlock[], bundled: ReadonlySet<string>): { run: NodeRun; flow: Flow } | undefined {
  const runnable = blocks.filter((b) => {
    const kind = codeLanguage(b.lang);
    return kind === "shell" || kind === "python" || kind === "javascript";
  });
  const langs = new Set(runnable.map((b) => codeLanguage(b.lang)));
  if (runnable.length === 0 || langs.size !== 1) return undefined;
  const lang = RUNNABLE[[...langs][0] as keyof typeof RUNNABLE];
  const code = runnable.map((b) => b.code).join("\n");
  if (lang === "python") return { run: codeRun(lang, code, bundled), flow: pythonFlow(code) };
  if (lang === "node") return { run: codeRun(lang, code, bundled), flow: { reads: [], writes: [] } };
  const flow = shellFlow(withSkillDirToken(code), bundled);
  const commands = commandLines(code).filter((c) => isCommand(c.text));
  if (commands.length === 1 && commands[0]) return { run: commandRun(commands[0].text, bundled), flow };
  return { run: codeRun(lang, code, bundled), flow };
}
