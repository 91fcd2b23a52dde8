import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { type EnvSkill, type InstallResult, runInstall } from "../env/index.js";
import { log } from "../log.js";
import { errorResult, textResult } from "./skill-view.js";

/** A person reads the plan before answering: give them longer than the SDK's 60 s default. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;

/**
 * Before env_setup installs anything, asks the user (MCP elicitation) whether to go ahead,
 * showing what would be installed. A model may call a destructive tool on its own; installing
 * packages onto the user's machine is the user's call, when their client can ask them.
 *
 * Returns undefined when the install may proceed: the user accepted, nothing is planned (a
 * re-check installs nothing), or the client cannot ask (it never declared elicitation: it keeps
 * the behaviour it had, and its own tool-approval prompt is the guard). Otherwise returns the
 * tool's answer: declined or cancelled is a plain result saying nothing was installed.
 *
 * The question goes out related to the tool call, so over Streamable HTTP it travels on that
 * call's own response stream and needs no separate GET stream.
 */
export async function askBeforeInstall(
  server: McpServer,
  skill: EnvSkill,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
): Promise<CallToolResult | undefined> {
  if (!server.server.getClientCapabilities()?.elicitation?.form) return undefined;
  const plan = await runInstall(skill, { dryRun: true, signal: extra.signal });
  if (plan.error) return errorResult(`env_setup could not plan the install for "${skill.name}": ${plan.error}. Nothing was installed.`);
  const planned = stepsToConfirm(plan.planned, process.env);
  if (planned.length === 0) return undefined;
  const steps = planned.map((p) => `- ${p.kind} ${p.name}: ${p.command}`).join("\n");
  try {
    const answer = await server.server.elicitInput(
      { message: `Install what skill "${skill.name}" needs?\n${steps}`, requestedSchema: { type: "object", properties: {} } },
      { relatedRequestId: extra.requestId, signal: extra.signal, timeout: CONSENT_TIMEOUT_MS },
    );
    if (answer.action === "accept") return undefined;
    const how = answer.action === "decline" ? "declined" : "cancelled";
    return textResult(`Nothing was installed: the user ${how} installing for skill "${skill.name}". Planned:\n${steps}\nCall env_setup again to ask once more, or run these commands yourself.`);
  } catch (err) {
    log.warn(`env_setup ${skill.name}: asking the user failed: ${(err as Error).message}`);
    return errorResult(`env_setup could not ask the user to confirm installing for "${skill.name}" (${(err as Error).message}). Nothing was installed.`);
  }
}

/**
 * The planned steps the install would really take. A dry run lists system packages even without
 * SKVM_ALLOW_SYSTEM_PACKAGES=1 (so a person can see the command), but the install then skips
 * them: asking the user to approve those would promise what will not happen.
 */
export function stepsToConfirm(planned: InstallResult["planned"], env: NodeJS.ProcessEnv): InstallResult["planned"] {
  return env.SKVM_ALLOW_SYSTEM_PACKAGES === "1" ? planned : planned.filter((p) => p.kind !== "system");
}
