import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { CodeSpan, SkillIR } from "../../../skill/ir.js";
import type { CompilerPass, CompileUnit } from "../../pass.js";
import { applyEdits, type TextEdit } from "../../../syntax/index.js";
import { FOREIGN_SKILL_DIR_PLACEHOLDERS, SKILL_DIR_TOKEN } from "../../skill-dir-token.js";
import { commandLines, isShellLang, loadShellParser, scriptCommand, type Redirect, type ScriptCommand } from "./invocation.js";

/**
 * PASS "paths": makes the instructions work from any working directory and through the server.
 * - `{baseDir}`, `${HERMES_SKILL_DIR}` and relative paths to bundled files inside code become
 *   the skill-dir token (absolute once served), since many harnesses run commands elsewhere;
 * - every code block that runs a bundled script gets a note showing the `run_script` call.
 * It reads the code spans the loader found (the body is parsed once, under a budget, off the
 * main thread); a body the loader refused to analyse has none, and only its placeholders change.
 */
export const pathsPass: CompilerPass = {
  name: "paths",
  description: "resolve skill-relative paths and route bundled-script runs through run_script",
  async setup() {
    await loadShellParser();
  },
  run(unit) {
    const body = unit.out.body;
    if (body !== unit.ir.body) throw new Error('pass "paths" must run before any pass that rewrites the body (its code spans are offsets into the loaded body)');
    const bundled = new Set(unit.ir.files.map((f) => f.path));
    const { edits, invocations, diagnostics } = rewriteCode(unit.ir.codeSpans, body, unit.ir, bundled);
    const compiled: CompileUnit = {
      ir: unit.ir,
      out: {
        ...unit.out,
        body: applyEdits(body, [...edits, ...placeholderEdits(body, unit.ir.codeSpans)]),
        manifest: { ...unit.out.manifest, scripts: groupByScript(invocations) },
      },
    };
    return { unit: compiled, diagnostics };
  },
};

type Located = ScriptCommand & { line: number };

function replacePlaceholders(text: string): string {
  return FOREIGN_SKILL_DIR_PLACEHOLDERS.reduce((out, p) => out.replaceAll(p, SKILL_DIR_TOKEN), text);
}

/** Placeholders in the prose between code spans (code spans are rewritten whole by rewriteCode). */
function placeholderEdits(body: string, spans: readonly CodeSpan[]): TextEdit[] {
  const gaps: [number, number][] = [];
  let from = 0;
  for (const span of spans) {
    gaps.push([from, span.start]);
    from = span.end;
  }
  gaps.push([from, body.length]);
  return gaps.flatMap(([start, end]) => {
    const text = body.slice(start, end);
    const replaced = replacePlaceholders(text);
    return replaced === text ? [] : [{ start, end, text: replaced }];
  });
}

function rewriteCode(spans: readonly CodeSpan[], body: string, ir: SkillIR, bundled: ReadonlySet<string>) {
  const edits: TextEdit[] = [];
  const invocations: Located[] = [];
  const diagnostics: Diagnostic[] = [];
  const lineOffset = ir.bodyStartLine - 1;
  const isBundled = (p: string) => (bundled.has(p) ? p : undefined);

  for (const span of spans) {
    const { start, end } = span;
    const source = body.slice(start, end);
    const rewritten = absolutizePaths(replacePlaceholders(source), bundled);
    if (rewritten !== source) edits.push({ start, end, text: rewritten });
    if (span.inline || !isShellLang(span.lang)) continue;

    const value = replacePlaceholders(span.value);
    const blockLine = span.line + lineOffset;
    const found: Located[] = [];
    for (const cmd of commandLines(value)) {
      const line = blockLine + 1 + countLines(value.slice(0, cmd.offset));
      const inv = scriptCommand(cmd.text, isBundled);
      if (inv) found.push({ ...inv, line });
      else diagnostics.push(...missingScripts(cmd.text, bundled, ir, line));
    }
    if (found.length === 0) continue;
    invocations.push(...found);
    const indent = " ".repeat(Math.max(0, span.column - 1));
    edits.push({ start: end, end, text: `\n\n${runScriptNote(ir.frontmatter.name, found, indent)}` });
  }
  return { edits, invocations, diagnostics };
}

const PATH_CHAR = /[A-Za-z0-9_.\-/$}{]/;

/** Prefixes each standalone mention of a bundled file with the skill-dir token. */
export function absolutizePaths(code: string, bundled: ReadonlySet<string>): string {
  const edits: TextEdit[] = [];
  const taken: [number, number][] = [];
  const byLength = [...bundled].sort((a, b) => b.length - a.length);
  for (const path of byLength) {
    for (let at = code.indexOf(path); at >= 0; at = code.indexOf(path, at + path.length)) {
      const dotSlash = code.startsWith("./", at - 2) ? 2 : 0;
      const before = code[at - dotSlash - 1];
      const after = code[at + path.length];
      if (before !== undefined && PATH_CHAR.test(before)) continue;
      if (after !== undefined && /[A-Za-z0-9_\-/]/.test(after)) continue;
      const start = at - dotSlash;
      if (taken.some(([s, e]) => start < e && at + path.length > s)) continue;
      taken.push([start, at + path.length]);
      edits.push({ start, end: at, text: `${SKILL_DIR_TOKEN}/` });
    }
  }
  return applyEdits(code, edits);
}

function runScriptNote(skill: string, found: readonly Located[], indent: string): string {
  const calls = found.map((command) => `${indent}> - ${runScriptCall(skill, command)}`);
  return [`${indent}> **skvm:** run the bundled script through the server's \`run_script\` tool:`, ...calls].join("\n");
}

const STDIO_WORDS: Readonly<Record<Redirect["op"], string>> = {
  "<": "give it the contents of `PATH` as `stdin`",
  ">": "write its stdout to `PATH`",
  ">>": "append its stdout to `PATH`",
  "2>": "write its stderr to `PATH`",
  "2>>": "append its stderr to `PATH`",
};

/**
 * The `run_script` call for one command, saying what the command does beyond argv: redirects
 * become what to do with stdin/stdout/stderr; pipes, `&&`, variables, globs and `X=1`, which
 * `run_script` cannot do, send the model to the command as written instead of a call that
 * would silently drop them.
 */
function runScriptCall(skill: string, { script, args, env, redirects, shellOnly }: ScriptCommand): string {
  const call = `\`run_script\` ${JSON.stringify({ skill, script, args })}`;
  const needsShell = [...shellOnly.filter((c) => c !== "$VAR"), ...Object.keys(env).map((name) => `${name}=...`)];
  if (needsShell.length > 0) return `\`${script}\`: this command also uses ${needsShell.map((c) => `\`${c}\``).join(", ")}, which only a shell does: run the command as written (its paths are absolute), not through \`run_script\``;
  if (redirects.length === 0) return call;
  return `${call}, then ${redirects.map((r) => STDIO_WORDS[r.op].replace("PATH", r.path)).join(", and ")} (the command redirects \`${redirects.map((r) => `${r.op} ${r.path}`).join(" ")}\`)`;
}

// `scripts/x.py`, `./scripts/x.py` or under the skill-dir token (`{baseDir}/scripts/x.py` in the source).
const SCRIPT_MENTION = /(?:^|\s|["'=])(?:\.\/|\$\{?SKVM_SKILL_DIR\}?\/)?(scripts\/[A-Za-z0-9_.\-/]+\.(?:py|sh|js|mjs|cjs|ts|rb|pl))\b/g;

function missingScripts(line: string, bundled: ReadonlySet<string>, ir: SkillIR, lineNo: number): Diagnostic[] {
  return [...line.matchAll(SCRIPT_MENTION)]
    .map((m) => m[1] ?? "")
    .filter((path) => path && !bundled.has(path))
    .map((path) => ({
      code: "SCRIPT_NOT_BUNDLED",
      severity: "warning" as const,
      message: `instructions run "${path}", which is not a file of the skill`,
      file: `${ir.folder}/${ir.entry}`,
      line: lineNo,
      hint: "add the script under scripts/ or fix the path",
    }));
}

function groupByScript(invocations: readonly Located[]) {
  const byPath = new Map<string, { line: number; args: string[] }[]>();
  for (const { script, args, line } of invocations) {
    byPath.set(script, [...(byPath.get(script) ?? []), { line, args }]);
  }
  return [...byPath].map(([path, list]) => ({ path, invocations: list }));
}

const countLines = (text: string): number => text.split("\n").length - 1;
