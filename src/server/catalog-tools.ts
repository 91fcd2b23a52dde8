import type { McpServer, RegisteredTool } from "@modelcontextprotocol/server";
import { z } from "zod";
import { describeProblem } from "./catalog.js";
import type { Readiness } from "./readiness.js";
import { MAX_READ_BYTES, readSkillFile, SkillFileError, type ReadPart } from "./skill-files.js";
import { errorResult, loadSkillResult, textResult } from "./skill-view.js";
import { syncByName } from "./sync-by-name.js";
import { SKILL_MD, skillUri } from "./uri.js";
import type { SessionProfile } from "./session-profile.js";

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const MAX_TOOL_DESCRIPTION = 1024;

export interface CatalogToolOptions {
  /** One tool per skill is offered only while the catalog has at most this many skills. */
  maxSkillTools: number;
  /** The session's capability profile, reported by list_skills. */
  profile: SessionProfile;
}

/** list_skills, load_skill, read_skill_file, and a tool per skill while the catalog is small. */
export function registerCatalogTools(server: McpServer, readiness: Readiness, opts: CatalogToolOptions): () => void {
  const { catalog } = readiness;
  server.registerTool(
    "list_skills",
    {
      title: "List skills",
      description: "List the skills this server offers (name, description, files), any that failed to compile with why, and the active capability profile.",
      annotations: READ_ONLY,
    },
    async (ctx) => {
      const [, asking] = await Promise.all([catalog.ready, opts.profile.learnHostModel(ctx)]);
      if (asking) return asking;
      return textResult(JSON.stringify({ ...(await listing(readiness)), profile: opts.profile.selection() }, null, 2));
    },
  );

  const loadSkill = server.registerTool(
    "load_skill",
    {
      title: "Load a skill",
      description: "Load a skill's compiled instructions (and the list of its bundled files) before doing a task it covers.",
      inputSchema: loadSkillInput(catalog.names),
      annotations: READ_ONLY,
    },
    async ({ name, task }) => loadSkillResult(catalog, readiness, name, task),
  );

  server.registerTool(
    "read_skill_file",
    {
      title: "Read a skill file",
      description:
        "Read one bundled file of a skill (e.g. references/guide.md or scripts/run.py) by its path relative to the skill folder. " +
        `One call returns at most ${MAX_READ_BYTES} bytes; for a bigger file the result ends with the offset to continue from.`,
      inputSchema: {
        skill: z.string().describe("Skill name"),
        path: z.string().describe("Path relative to the skill folder, e.g. scripts/report.py; SKILL.md for the instructions"),
        offset: z.number().int().min(0).optional().describe("Byte offset to start at (default 0), e.g. the offset a previous part said to continue from"),
        length: z.number().int().min(1).max(MAX_READ_BYTES).optional().describe(`Bytes to read (default and most: ${MAX_READ_BYTES})`),
      },
      annotations: READ_ONLY,
    },
    async ({ skill, path, offset, length }) => {
      try {
        const content = await readSkillFile(catalog, skill, path, { offset, length });
        const body =
          content.kind === "text"
            ? { type: "text" as const, text: content.text }
            : { type: "resource" as const, resource: { uri: skillUri(skill, path), mimeType: content.mimeType, blob: content.blob } };
        return { content: [body, ...partNote(skill, path, content.part)] };
      } catch (err) {
        if (err instanceof SkillFileError) return errorResult(err.message);
        throw err;
      }
    },
  );

  const skillTools = new Map<string, RegisteredTool>();
  const description = (name: string) => truncate(catalog.get(name)?.manifest.skill.description ?? "", MAX_TOOL_DESCRIPTION);
  let offered = catalog.names.join("\0");
  const sync = () => {
    // Every update is a list_changed for clients: only when the enum of names really changed.
    if (catalog.names.join("\0") !== offered) loadSkill.update({ paramsSchema: z.object(loadSkillInput(catalog.names)) });
    offered = catalog.names.join("\0");
    // A skill whose environment is not ready is not offered as a tool of its own (load_skill says why).
    const wanted = catalog.names.length <= opts.maxSkillTools ? catalog.names.filter((n) => readiness.isRunnable(n)) : [];
    syncByName(skillTools, wanted, {
      add: (name) =>
        server.registerTool(
          name,
          { title: name, description: description(name), inputSchema: { task: z.string().optional().describe("The task to do with this skill") }, annotations: READ_ONLY },
          async ({ task }) => loadSkillResult(catalog, readiness, name, task),
        ),
      refresh: (name, tool) => {
        if (tool.description !== description(name)) tool.update({ description: description(name) });
      },
      remove: (tool) => tool.remove(),
    });
  };
  sync();
  const stops = [catalog.onChange(sync), readiness.onChange(sync)];
  return () => stops.forEach((stop) => stop());
}

function loadSkillInput(names: readonly string[]) {
  const name = names.length ? z.enum(names as [string, ...string[]]) : z.string();
  return {
    name: name.describe("Skill name, from list_skills"),
    task: z.string().optional().describe("The task, appended to the instructions"),
  };
}

async function listing(readiness: Readiness) {
  const { catalog } = readiness;
  const skills = await Promise.all(
    catalog.skills.map(async (s) => {
      const verdict = await readiness.verdictFor(s);
      return {
        name: s.name,
        description: s.manifest.skill.description,
        uri: skillUri(s.name, SKILL_MD),
        ready: verdict.ready,
        ...(verdict.ready ? {} : { missing: verdict.missing, ...(verdict.error ? { error: verdict.error } : {}), fix: `env_setup {"skill": "${s.name}"}` }),
        files: s.manifest.files.map((f) => f.path),
        scripts: s.manifest.scripts.map((x) => x.path),
      };
    }),
  );
  return {
    skills,
    problems: catalog.problems.map((p) => ({ name: p.name, error: describeProblem(p) })),
  };
}

/** For a part of a file: which bytes these are and how to read on (nothing for a whole file). */
function partNote(skill: string, path: string, part: ReadPart): { type: "text"; text: string }[] {
  if (part.offset === 0 && part.next === undefined) return [];
  const more = part.next === undefined ? "the end of the file" : `more: read_skill_file ${JSON.stringify({ skill, path, offset: part.next })}`;
  return [{ type: "text", text: `[skvm] bytes ${part.offset}-${part.offset + part.bytes} of ${part.size}; ${more}` }];
}

const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
