import { isAbsolute } from "node:path";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { FailurePolicy, InputValues, loadDagRuntime, WorkflowReport } from "../dag/index.js";
import { runtimeEnvFor } from "../env/index.js";
import type { Readiness } from "./readiness.js";
import { errorResult } from "./skill-view.js";
import { reportNodes, type FailureReporter } from "./adaptive.js";
import { handOffToTask } from "./tasks/index.js";

/**
 * run_workflow: runs a skill's compiled workflow DAG, independent branches at once on the shared
 * worker pool and process runner. Progress notifications (node started/finished, done/total) go
 * to clients that send a progress token; cancelling the request cancels the run. For a client that
 * declared the tasks extension the run is a task (its progress is the task's status).
 */
export function registerRunWorkflowTool(server: McpServer, readiness: Readiness, reporter: FailureReporter): void {
  const { catalog } = readiness;
  server.registerTool(
    "run_workflow",
    {
      title: "Run a skill's workflow",
      description:
        "Run every runnable step of a skill's workflow (see its SKILL.md 'Parallel execution' notes), independent steps concurrently. " +
        "Inputs are substituted into script arguments as argv data. Returns each step's status, output and timing, the critical path, the wall time, " +
        "the parallelism realized and the concurrency used and why; " +
        "instruction steps are returned as the model's to-do.",
      inputSchema: {
        skill: z.string().describe("Skill name"),
        inputs: InputValues.default({}).describe("Workflow inputs by name (a list for data-parallel steps), e.g. {\"data.csv\": \"/abs/sales.csv\"}"),
        policy: FailurePolicy.default("continue").describe("After a failure: continue independent steps, or cancel the rest"),
        cwd: z.string().optional().describe("Absolute working directory for the steps (default: the server's)"),
      },
      outputSchema: WorkflowReport.shape,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ skill: name, inputs, policy, cwd }, ctx) => {
      await catalog.ready;
      const skill = catalog.get(name);
      if (!skill) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"; known skills: ${catalog.names.join(", ")}`);
      if (cwd !== undefined && !isAbsolute(cwd)) return errorResult(`CWD_NOT_ABSOLUTE: cwd "${cwd}" must be an absolute path`);
      const verdict = await readiness.verdictFor(skill);
      if (!verdict.ready) return errorResult(readiness.describeNotReady(name, verdict));
      const token = ctx.mcpReq._meta?.progressToken;
      const { loadWorkflow, runWorkflow, reportText, skillRunOptions, WorkflowLoadError, WorkflowInputError } = await loadDagRuntime();
      try {
        const workflow = await loadWorkflow(skill);
        handOffToTask(ctx);
        const report = await runWorkflow(workflow, {
          ...skillRunOptions(skill),
          cwd: cwd ?? process.cwd(),
          env: { ...runtimeEnvFor(skill), SKVM_SKILL_DIR: skill.dir },
          inputs,
          policy,
          signal: ctx.mcpReq.signal,
          onEvent: (e) => {
            if (token === undefined) return;
            const message = `${e.type} ${e.node}${e.status ? ` (${e.status}${e.durationMs === undefined ? "" : `, ${e.durationMs} ms`})` : ""}; ${e.done}/${e.total} done`;
            // A client that went away mid-run must not take the server down with it.
            ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken: token, progress: e.progress, total: e.total, message } }).catch(() => undefined);
          },
        });
        const notes = await reportNodes(reporter, skill, report.nodes);
        return {
          ...(report.status === "succeeded" ? {} : { isError: true }),
          content: [{ type: "text" as const, text: [reportText(report), ...notes].join("\n") }],
          structuredContent: report,
        };
      } catch (err) {
        if (err instanceof WorkflowLoadError || err instanceof WorkflowInputError) return errorResult(err.message);
        throw err;
      }
    },
  );
}
