import { ProtocolError, ProtocolErrorCode, type McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Catalog } from "./catalog.js";
import type { SessionSkills } from "./session-skills.js";
import { instructionsWithTask } from "./skill-view.js";

const TASK_DESCRIPTION = "What you want done with this skill";
const PromptArgs = z.object({ task: z.string().optional() });

/**
 * One prompt per skill: the compiled instructions, with the user's task. Answered from the
 * catalog itself rather than registered one by one with the SDK: registering a thousand prompts
 * (a zod schema and a registry entry each) was a tenth of a large catalog's start. Clients hear
 * of a change when the names or descriptions they listed change. The text is the session's
 * variant (its capability profile) when there is one.
 */
export function registerPrompts(server: McpServer, skills: SessionSkills): () => void {
  const { catalog } = skills;
  server.server.registerCapabilities({ prompts: { listChanged: true } });
  server.server.setRequestHandler("prompts/list", () => ({
    prompts: catalog.skills.map((s) => ({
      name: s.name,
      title: s.name,
      description: s.listing.description,
      arguments: [{ name: "task", description: TASK_DESCRIPTION, required: false }],
    })),
  }));
  server.server.setRequestHandler("prompts/get", async (request) => {
    const { name } = request.params;
    await catalog.ready;
    // The version served when the request came in, read whole from that version.
    const skill = catalog.get(name);
    if (!skill) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Prompt ${name} not found`);
    const args = PromptArgs.safeParse(request.params.arguments ?? {});
    if (!args.success) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid arguments for prompt ${name}: ${args.error.issues[0]?.message ?? "task must be a string"}`);
    return {
      description: skill.manifest.skill.description,
      messages: [{ role: "user" as const, content: { type: "text" as const, text: await instructionsWithTask(skills, skill, args.data.task) } }],
    };
  });
  let listed = promptSignature(catalog);
  return catalog.onChange(() => {
    const now = promptSignature(catalog);
    if (now !== listed) server.sendPromptListChanged();
    listed = now;
  });
}

const promptSignature = (catalog: Catalog): string => JSON.stringify(catalog.skills.map((s) => [s.name, s.listing.description]));
