import type { McpServer, RegisteredPrompt } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Catalog } from "./catalog.js";
import { instructionsWithTask } from "./skill-view.js";
import { syncByName } from "./sync-by-name.js";

// One schema object for every prompt: building a zod schema per skill is most of the cost of
// registering a thousand prompts.
const PROMPT_ARGS = { task: z.string().optional().describe("What you want done with this skill") };

/** One prompt per skill: the compiled instructions, with the user's task. Follows catalog changes. */
export function registerPrompts(server: McpServer, catalog: Catalog): () => void {
  const prompts = new Map<string, RegisteredPrompt>();
  const description = (name: string) => catalog.get(name)?.manifest.skill.description ?? "";
  const sync = () =>
    syncByName(prompts, catalog.names, {
      add: (name) =>
        server.registerPrompt(
          name,
          { title: name, description: description(name), argsSchema: PROMPT_ARGS },
          async ({ task }) => ({
            description: description(name),
            messages: [{ role: "user", content: { type: "text", text: await instructionsWithTask(catalog, name, task) } }],
          }),
        ),
      refresh: (name, prompt) => {
        if (prompt.description !== description(name)) prompt.update({ description: description(name) });
      },
      remove: (prompt) => prompt.remove(),
    });
  sync();
  return catalog.onChange(sync);
}
