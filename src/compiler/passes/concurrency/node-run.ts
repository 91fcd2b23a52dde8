import { codeLanguage } from "../../../skill/index.js";
import type { CodeBlock } from "../../../skill/ir.js";
import { FOREIGN_SKILL_DIR_PLACEHOLDERS, SKILL_DIR_TOKEN } from "../../skill-dir-token.js";
import { absolutizePaths } from "../paths/index.js";
import { commandLines, parseInvocation } from "../paths/invocation.js";
import { pythonFlow, shellFlow, type Flow } from "./dataflow.js";
import type { NodeRun } from "./schema.js";

const RUNNABLE = { shell: "shell", python: "python", javascript: "node" } as const;

export const withSkillDirToken = (code: string): string =>
  FOREIGN_SKILL_DIR_PLACEHOLDERS.reduce((text, p) => text.replaceAll(p, SKILL_DIR_TOKEN), code);

const isCommand = (line: string): boolean => line.trim() !== "" && !line.trim().startsWith("#");

/** A shell command line that runs one bundled script becomes a `script` run; anything else stays shell code. */
export function commandRun(line: string, bundled: ReadonlySet<string>): NodeRun {
  const invocation = parseInvocation(withSkillDirToken(line), (p) => (bundled.has(p) ? p : undefined));
  if (invocation) return { kind: "script", script: invocation.script, args: invocation.args };
  return { kind: "code", lang: "shell", code: absolutizePaths(withSkillDirToken(line), bundled) };
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
  if (lang === "python") return { run: { kind: "code", lang, code }, flow: pythonFlow(code) };
  if (lang === "node") return { run: { kind: "code", lang, code }, flow: { reads: [], writes: [] } };
  const flow = shellFlow(withSkillDirToken(code), bundled);
  const commands = commandLines(code).filter((c) => isCommand(c.text));
  if (commands.length === 1 && commands[0]) return { run: commandRun(commands[0].text, bundled), flow };
  return { run: { kind: "code", lang, code: absolutizePaths(withSkillDirToken(code), bundled) }, flow };
}
