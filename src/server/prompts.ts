import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Catalog } from "./catalog.js";
import { instructionsWithTask } from "./skill-view.js";

/** One prompt per skill: the compiled instructions, with the user's task. */
export function registerPrompts(server: McpServer, catalog: Catalog): void {
  for (const skill of catalog.skills) {
    server.registerPrompt(
      skill.name,
      {
        title: skill.name,
        description: skill.manifest.skill.description,
        argsSchema: { task: z.string().optional().describe("What you want done with this skill") },
      },
      async ({ task }) => ({
        description: skill.manifest.skill.description,
        messages: [{ role: "user", content: { type: "text", text: await instructionsWithTask(catalog, skill.name, task) } }],
      }),
    );
  }
}
