import { isAbsolute } from "node:path";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { jitLang } from "../jit/index.js";
import { directToolName, type CodeOutcome, type JitRuntime } from "./jit-runtime.js";
import type { Readiness } from "./readiness.js";
import { renderRun, RunOutput } from "./run-view.js";
import { errorResult } from "./skill-view.js";
import { reportRun, type FailureReporter } from "./adaptive.js";

const MAX_CODE_CHARS = 512 * 1024;

/**
 * run_code: the model runs a skill's code through the server instead of its own shell. The code
 * is matched against the skill's templates; once the same template has matched often enough it
 * is solidified, served from its canonical program and offered as a direct tool.
 */
export function registerRunCodeTool(server: McpServer, readiness: Readiness, jit: JitRuntime, reporter: FailureReporter): void {
  const { catalog } = readiness;
  server.registerTool(
    "run_code",
    {
      title: "Run skill code",
      description:
        "Run Python, bash or JavaScript code for a skill (e.g. a snippet from its instructions, adapted to the task) in the skill's environment. " +
        "Arguments go to the code as argv. The result says whether the code matched one of the skill's templates; a template used repeatedly becomes a direct tool, so next time you pass only its parameters.",
      inputSchema: {
        skill: z.string().describe("Skill name"),
        language: z.string().describe("python, bash (or sh) or javascript (or js)"),
        code: z.string().max(MAX_CODE_CHARS).describe("The complete program to run"),
        args: z.array(z.string()).default([]).describe("Arguments for the program, one string each, passed verbatim"),
        stdin: z.string().optional().describe("Text written to the program's standard input"),
        cwd: z.string().optional().describe("Absolute working directory (default: the server's)"),
        timeoutMs: z.number().int().min(100).max(600_000).optional().describe("Kill the program after this long (default 60000)"),
      },
      outputSchema: {
        ...RunOutput,
        match: z.object({ kind: z.string(), template: z.string().optional(), score: z.number(), params: z.record(z.string(), z.unknown()), differs: z.array(z.string()) }),
        served: z.boolean(),
        cached: z.boolean(),
        directTool: z.string().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ skill: name, language, code, args, stdin, cwd, timeoutMs }, ctx) => {
      await catalog.ready;
      const skill = catalog.get(name);
      if (!skill) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"; known skills: ${catalog.names.join(", ")}`);
      const lang = jitLang(language);
      if (!lang) return errorResult(`LANGUAGE_UNSUPPORTED: "${language}"; use python, bash or javascript`);
      if (cwd !== undefined && !isAbsolute(cwd)) return errorResult(`CWD_NOT_ABSOLUTE: cwd "${cwd}" must be an absolute path`);
      const verdict = await readiness.verdictFor(skill);
      if (!verdict.ready) return errorResult(readiness.describeNotReady(name, verdict));
      const outcome = await jit.runCode(skill, lang, code, { cwd: cwd ?? process.cwd(), args, ...(stdin !== undefined ? { stdin } : {}), ...(timeoutMs ? { timeoutMs } : {}) }, ctx.mcpReq.signal);
      const notes = await reportRun(reporter, skill, { source: "run_code", target: outcome.served && outcome.template ? outcome.template.id : "code", code, lang }, outcome.result);
      return renderOutcome(name, outcome, jit, notes);
    },
  );
}

function renderOutcome(skill: string, o: CodeOutcome, jit: JitRuntime, failureNotes: string[]) {
  const { match } = o;
  const promoted = o.template && jit.solidifier.isPromoted(skill, o.template);
  const direct = promoted && o.template ? directToolName(skill, o.template.id) : undefined;
  const notes = [matchNote(skill, o, jit), ...failureNotes];
  if (direct && match.kind === "exact") notes.push(`[skvm] next time call the tool \`${direct}\` with ${JSON.stringify(match.params)} instead of writing this code`);
  return renderRun(o.served ? `${skill} template ${o.template?.id}` : `${skill} code`, o.result, {
    notes,
    structured: { match: { kind: match.kind, template: match.template, score: match.score, params: match.params, differs: match.differs }, served: o.served, cached: o.cached, ...(direct ? { directTool: direct } : {}) },
  });
}

function matchNote(skill: string, o: CodeOutcome, jit: JitRuntime): string {
  const { match, template } = o;
  if (!template || !match.matched) return `[skvm] no template of ${skill} matched; ran the code as given`;
  if (o.served) return `[skvm] matched template "${template.id}" exactly; served by its solidified program${o.cached ? " (cached result)" : ""}`;
  if (match.kind !== "exact") return `[skvm] resembles template "${template.id}" (${match.kind}, score ${match.score}) but is not an exact match: ${match.differs.join("; ")}; ran as given`;
  const stats = jit.solidifier.stats(skill, template);
  if (o.transition === "promoted") return `[skvm] matched template "${template.id}" exactly; it is now solidified`;
  return `[skvm] matched template "${template.id}" exactly (${stats.streak}/${jit.solidifier.policy.promoteAfter} toward solidification); ran as given`;
}
