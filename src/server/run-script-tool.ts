import { isAbsolute } from "node:path";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { runtimeEnvFor } from "../env/index.js";
import { interpreterForFile, runProcess, type Interpreter } from "../exec/index.js";
import { bundledFile, SkillFileError } from "./skill-files.js";
import type { Readiness } from "./readiness.js";
import { errorResult } from "./skill-view.js";
import { renderRun, RunOutput } from "./run-view.js";
import { reportRun, type FailureReporter } from "./adaptive.js";

/**
 * run_script: runs a skill's bundled script with argv arguments (never through a shell), in a
 * process group that is killed on timeout or when the client cancels the request.
 */
export function registerRunScriptTool(server: McpServer, readiness: Readiness, reporter: FailureReporter): void {
  const { catalog } = readiness;
  server.registerTool(
    "run_script",
    {
      title: "Run a bundled skill script",
      description:
        "Run one of a skill's bundled scripts (e.g. scripts/report.py) with arguments passed as argv: no shell, no quoting. " +
        "Returns exit code, stdout and stderr. The interpreter is chosen from the file type or its shebang.",
      inputSchema: {
        skill: z.string().describe("Skill name"),
        script: z.string().describe("Script path relative to the skill folder, e.g. scripts/report.py"),
        args: z.array(z.string()).default([]).describe("Arguments, one string each, passed verbatim"),
        stdin: z.string().optional().describe("Text written to the script's standard input"),
        cwd: z.string().optional().describe("Absolute working directory (default: the server's)"),
        timeoutMs: z.number().int().min(100).max(600_000).optional().describe("Kill the script after this long (default 60000)"),
      },
      outputSchema: RunOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ skill: name, script, args, stdin, cwd, timeoutMs }, ctx) => {
      await catalog.ready;
      const skill = catalog.get(name);
      if (!skill) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"`);
      const verdict = await readiness.verdictFor(skill);
      if (!verdict.ready) return errorResult(readiness.describeNotReady(name, verdict));
      if (cwd !== undefined && !isAbsolute(cwd)) return errorResult(`CWD_NOT_ABSOLUTE: cwd "${cwd}" must be an absolute path`);
      let abs: string;
      try {
        ({ abs } = await bundledFile(skill, script));
      } catch (err) {
        if (!(err instanceof SkillFileError)) throw err;
        return errorResult(`${err.message}; scripts: ${scriptList(skill.manifest.files)}`);
      }
      let interpreter: Interpreter;
      try {
        // The interpreter's argv already ends with the script path.
        interpreter = await interpreterForFile(abs);
      } catch (err) {
        return errorResult(`SCRIPT_TYPE_UNKNOWN: ${(err as Error).message}`);
      }
      const result = await runProcess(
        {
          command: interpreter.command,
          args: [...interpreter.args, ...args],
          cwd: cwd ?? process.cwd(),
          stdin,
          // The skill's own virtualenv / node prefix (from env_setup) come first on its PATH.
          env: { ...runtimeEnvFor(skill), SKVM_SKILL_DIR: skill.dir },
          ...(timeoutMs ? { timeoutMs } : {}),
        },
        { signal: ctx.mcpReq.signal },
      );
      return renderRun(script, result, { notes: await reportRun(reporter, skill, { source: "run_script", target: script }, result) });
    },
  );
}

const scriptList = (files: readonly { path: string; kind: string }[]): string =>
  files.filter((f) => f.kind === "script").map((f) => f.path).join(", ") || "(none)";
