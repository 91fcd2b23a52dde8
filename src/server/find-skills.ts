import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Catalog } from "./catalog.js";
import { SkillSearch } from "./find-skills-index.js";
import { textResult, truncate } from "./skill-view.js";

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const FIND_SKILLS_MAX_LIMIT = 20;
/** A result describes a skill in a few lines; the full description is one load_skill away. */
const MAX_RESULT_DESCRIPTION = 300;

/** One index per catalog, shared by every session (HTTP sessions each have their own server). */
const searches = new WeakMap<Catalog, SkillSearch>();

function searchOf(catalog: Catalog): SkillSearch {
  let search = searches.get(catalog);
  if (search === undefined) {
    search = new SkillSearch(catalog);
    searches.set(catalog, search);
    // Indexed at once in its own thread, so the first query finds it ready.
    search.warm();
  }
  return search;
}

/** `find_skills {query, limit}`: the few skills that best fit a task, ranked, with the words that matched. */
export function registerFindSkills(server: McpServer, catalog: Catalog): void {
  const search = searchOf(catalog);
  server.registerTool(
    "find_skills",
    {
      title: "Find skills",
      description:
        "Search the skills by what you need to do (e.g. 'fill a PDF form', 'make slides'): returns the few best matches " +
        "(name, description, the words that matched and where) ranked by relevance. Then load_skill the one that fits.",
      inputSchema: {
        query: z.string().min(1).max(500).describe("The task or topic, in your own words"),
        limit: z.number().int().min(1).max(FIND_SKILLS_MAX_LIMIT).optional().describe("How many skills to return (default 5)"),
      },
      annotations: READ_ONLY,
    },
    async ({ query, limit }) => {
      const { total, hits } = await search.search(query, limit ?? 5);
      // The catalog as it stands has the descriptions (a skill gone since the index was sent is left out).
      const results = hits.flatMap(({ name, score, matched }) => {
        const skill = catalog.get(name);
        return skill ? [{ name, description: truncate(skill.listing.description, MAX_RESULT_DESCRIPTION), score, matched }] : [];
      });
      const next = results.length ? `load_skill {"name": "${results[0]?.name}"} loads the best match` : "no skill matched: try other words, or list_skills";
      return textResult(JSON.stringify({ query, total, results, next }, null, 2));
    },
  );
}
