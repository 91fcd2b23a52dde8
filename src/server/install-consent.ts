import { createHash } from "node:crypto";
import { inputRequired, inputResponse, type CallToolResult, type InputRequiredResult, type McpServer, type ServerContext } from "@modelcontextprotocol/server";
import { type EnvSkill, type InstallResult, runInstall } from "../env/index.js";
import { clientCapabilities } from "./protocol/client-identity.js";
import { errorResult, textResult } from "./skill-view.js";

/** A person reads the plan before answering: give them longer than the SDK's 60 s default. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;
/** The key of the confirmation among the call's input requests / responses. */
const CONFIRM = "confirmInstall";

/**
 * Before env_setup installs anything, asks the user whether to go ahead, showing what would be
 * installed. A model may call a destructive tool on its own; installing packages onto the user's
 * machine is the user's call, when their client can ask them.
 *
 * Written once as a multi-round-trip answer (InputRequiredResult): a 2026-07-28 client fulfils
 * it and calls again with the user's answer; for a 2025-era session the SDK sends the same
 * question as an elicitation request related to the call (so over Streamable HTTP it travels on
 * that call's own response stream) and re-enters here with the answer.
 *
 * Returns undefined when the install may proceed: the user accepted the plan that is still the
 * plan, nothing is planned (a re-check installs nothing), or the client cannot ask (it never
 * declared elicitation: it keeps the behaviour it had, and its own tool-approval prompt is the
 * guard). Otherwise the tool's answer: the question, or, declined or cancelled, a plain result
 * saying nothing was installed.
 */
export async function askBeforeInstall(server: McpServer, skill: EnvSkill, ctx: ServerContext): Promise<CallToolResult | InputRequiredResult | undefined> {
  if (!clientCapabilities(server, ctx)?.elicitation) return undefined;
  const plan = await runInstall(skill, { dryRun: true, signal: ctx.mcpReq.signal });
  if (plan.error) return errorResult(`env_setup could not plan the install for "${skill.name}": ${plan.error}. Nothing was installed.`);
  const planned = stepsToConfirm(plan.planned, process.env);
  if (planned.length === 0) return undefined;
  const steps = planned.map((p) => `- ${p.kind} ${p.name}: ${p.command}`).join("\n");
  const answer = inputResponse(ctx.mcpReq.inputResponses, CONFIRM);
  // The answer counts only for the plan it was given on: the state names that plan, so a plan
  // that changed between the question and the answer (or a forged answer) is asked about again.
  if (answer.kind !== "elicit" || ctx.mcpReq.requestState() !== planDigest(steps)) {
    return inputRequired({
      inputRequests: { [CONFIRM]: inputRequired.elicit({ message: `Install what skill "${skill.name}" needs?\n${steps}`, requestedSchema: { type: "object", properties: {} } }) },
      requestState: planDigest(steps),
    });
  }
  if (answer.action === "accept") return undefined;
  const how = answer.action === "decline" ? "declined" : "cancelled";
  return textResult(`Nothing was installed: the user ${how} installing for skill "${skill.name}". Planned:\n${steps}\nCall env_setup again to ask once more, or run these commands yourself.`);
}

const planDigest = (steps: string): string => `plan:sha256:${createHash("sha256").update(steps).digest("base64url")}`;

/**
 * The planned steps the install would really take. A dry run lists system packages even without
 * SKVM_ALLOW_SYSTEM_PACKAGES=1 (so a person can see the command), but the install then skips
 * them: asking the user to approve those would promise what will not happen.
 */
export function stepsToConfirm(planned: InstallResult["planned"], env: NodeJS.ProcessEnv): InstallResult["planned"] {
  return env.SKVM_ALLOW_SYSTEM_PACKAGES === "1" ? planned : planned.filter((p) => p.kind !== "system");
}
