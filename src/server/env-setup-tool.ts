import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { InstallProgress, nextSteps, runInstall, type EnvVerdict, type InstallResult } from "../env/index.js";
import { missingText, type Readiness } from "./readiness.js";
import { askBeforeInstall } from "./install-consent.js";
import { errorResult } from "./skill-view.js";
import { handOffToTask } from "./tasks/index.js";

/**
 * env_setup: installs what a skill's environment lacks (its env/install.sh: a per-skill
 * virtualenv and npm prefix, system packages where allowed), then checks again. When the skill
 * becomes ready its tools appear and clients get tools/list_changed. A client that can ask its
 * user (elicitation) is asked to confirm the plan first; for a client that declared the tasks
 * extension the install then runs as a task.
 */
export function registerEnvSetupTool(server: McpServer, readiness: Readiness): void {
  const { catalog } = readiness;
  server.registerTool(
    "env_setup",
    {
      title: "Set up a skill's environment",
      description:
        "Install the packages and tools a skill needs (Python packages into a per-skill virtualenv, npm packages into a per-skill " +
        "prefix, system packages when permitted), then re-check it. Use dryRun to see the plan first. Clients that support elicitation ask the user to confirm the plan " +
        "before anything is installed. Also re-checks a skill after you installed things yourself.",
      inputSchema: {
        skill: z.string().describe("Skill name"),
        dryRun: z.boolean().default(false).describe("Only print what would be installed"),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    async ({ skill: name, dryRun }, ctx) => {
      await catalog.ready;
      const skill = catalog.get(name);
      if (!skill) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"`);
      if (!dryRun) {
        const refused = await askBeforeInstall(server, skill, ctx);
        if (refused) return refused;
      }
      // A dry run is quick: only the install itself becomes a task (after the user's yes).
      if (!dryRun) handOffToTask(ctx);
      const token = ctx.mcpReq._meta?.progressToken;
      const progress = new InstallProgress(await readiness.verdictFor(skill), skill.manifest.env?.systemPackages.length ?? 0);
      const report = await runInstall(skill, {
        dryRun,
        signal: ctx.mcpReq.signal,
        onProgress: (line: string) => {
          if (token === undefined) return;
          // A client that went away mid-install must not take the server down with it.
          ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken: token, ...progress.step(line) } }).catch(() => undefined);
        },
      });
      const verdict = dryRun ? await readiness.verdictFor(skill) : await readiness.recheck(skill);
      const text = `${dryRun ? "Dry run (nothing installed).\n" : ""}${JSON.stringify(report, null, 2)}\n\n${outcome(name, dryRun, report, verdict)}`;
      return { ...(verdict.ready || dryRun ? {} : { isError: true }), content: [{ type: "text", text }] };
    },
  );
}

/** The last words of the answer: ready, the plan, or why not and what can work next. */
function outcome(name: string, dryRun: boolean, report: InstallResult, verdict: EnvVerdict): string {
  if (verdict.ready) return `skill "${name}" is ready.`;
  if (dryRun) return `skill "${name}" is not ready yet: ${missingText(verdict)}. Call env_setup without dryRun to install the plan above.`;
  const steps = nextSteps(report, verdict);
  return [`ENV_SETUP_FAILED: skill "${name}" is still not ready: ${missingText(verdict)}.`, ...steps].join("\n");
}
