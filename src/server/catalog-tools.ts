import type { McpServer, RegisteredTool } from "@modelcontextprotocol/server";
import { z } from "zod";
import { readAdaptStats } from "../adapt/index.js";
import { describeProblem } from "./catalog.js";
import type { Readiness } from "./readiness.js";
import { MAX_READ_BYTES, readSkillFile, SkillFileError, type ReadPart } from "./skill-files.js";
import { errorResult, loadSkillResult, textResult, truncate } from "./skill-view.js";
import { syncByName } from "./sync-by-name.js";
import { SKILL_MD, skillUri } from "./uri.js";
import type { SessionProfile } from "./session-profile.js";
import type { SessionSkills } from "./session-skills.js";

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const MAX_TOOL_DESCRIPTION = 1024;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;
/** A skill of 5,000 files lists its first ones and how many there are; read_skill_file reads any. */
const MAX_LISTED_FILES = 50;
const MAX_PROBLEMS = 50;
const ENUM_MAX_NAMES = 100;

export interface CatalogToolOptions {
  /** One tool per skill is offered only while the catalog has at most this many skills. */
  maxSkillTools: number;
  /** The session's capability profile, reported by list_skills. */
  profile: SessionProfile;
  /** The skills as this session is served them (the variant for its profile). */
  skills: SessionSkills;
}

/** list_skills, load_skill, read_skill_file, and a tool per skill while the catalog is small. */
export function registerCatalogTools(server: McpServer, readiness: Readiness, opts: CatalogToolOptions): () => void {
  const { catalog } = readiness;
  server.registerTool(
    "list_skills",
    {
      title: "List skills",
      description:
        `List the skills this server offers (name, description, files, the profile each is compiled for and how many edits that made), in pages of at most ${MAX_PAGE} (pass nextCursor back as cursor), ` +
        "any that failed to compile with why, and the active capability profile. With many skills, find_skills {query} finds the right one faster.",
      inputSchema: {
        cursor: z.string().max(1024).optional().describe("nextCursor of the previous page; omit for the first page"),
        limit: z.number().int().min(1).max(MAX_PAGE).optional().describe(`Skills per page (default ${DEFAULT_PAGE})`),
      },
      annotations: READ_ONLY,
    },
    async ({ cursor, limit }, ctx) => {
      // Answered at once from what is served now: entries not checked yet say so (see listing).
      void catalog.startVerification();
      const asking = await opts.profile.learnHostModel(ctx);
      if (asking) return asking;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null) return errorResult(`INVALID_CURSOR: list_skills cursor "${truncate(cursor ?? "", 80)}" is not one list_skills returned; hint: omit cursor to start from the first page`);
      const page = await listing(readiness, opts.skills, after, limit ?? DEFAULT_PAGE);
      return textResult(JSON.stringify({ ...page, profile: opts.profile.selection() }, null, 2));
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
    async ({ name, task }) => loadSkillResult(opts.skills, readiness, name, task),
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
        const content = await readSkillFile(catalog, skill, path, { offset, length }, opts.skills);
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
  const description = (name: string) => {
    const compiled = opts.skills.peekCompiledFor(name);
    const lowered = compiled?.served === "variant" ? ` [instructions compiled for profile ${compiled.profile}: ${compiled.edits} edit(s)]` : "";
    return truncate(catalog.get(name)?.listing.description ?? "", MAX_TOOL_DESCRIPTION - lowered.length) + lowered;
  };
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
          async ({ task }) => loadSkillResult(opts.skills, readiness, name, task),
        ),
      refresh: (name, tool) => {
        if (tool.description !== description(name)) tool.update({ description: description(name) });
      },
      remove: (tool) => tool.remove(),
    });
  };
  sync();
  // Tool descriptions name the variant a skill is served as: every skill is lowered for the
  // session's profile now and whenever the profile changes (the client's name is known only later).
  const warm = () => void opts.skills.warm().then(sync, () => undefined);
  const stops = [catalog.onChange(sync), readiness.onChange(sync), catalog.variants.onLowered(sync), opts.profile.onChange(warm)];
  warm();
  return () => stops.forEach((stop) => stop());
}

/**
 * Names as an enum help a model pick among a few; past ENUM_MAX_NAMES the enum only makes every
 * tools/list longer (and slower to build at start): then the name comes from find_skills.
 */
function loadSkillInput(names: readonly string[]) {
  const name = names.length && names.length <= ENUM_MAX_NAMES ? z.enum(names as [string, ...string[]]) : z.string().min(1);
  return {
    name: name.describe("Skill name, from find_skills or list_skills"),
    task: z.string().optional().describe("The task, appended to the instructions"),
  };
}

/** What a page says while the catalog or some of its entries' environments are still being checked. */
const CHECKING =
  "sources and environments are still being checked: an entry with ready \"unknown\" has not been checked yet (load_skill waits for its check); " +
  "list_skills again shortly for the verdicts (tools/list_changed follows when the offered tools change)";

/**
 * One page of the catalog, in name order after the cursor's name (so a skill added or removed
 * between pages shifts nothing), each entry bounded (at most MAX_LISTED_FILES paths), and at most
 * MAX_PROBLEMS problems: the response stays small at any catalog size. Answered from what is
 * known now: it never waits for the catalog's verification or runs a verify script.
 */
async function listing(readiness: Readiness, served: SessionSkills, after: string | undefined, limit: number) {
  const { catalog } = readiness;
  const verified = catalog.isVerified;
  const all = catalog.skills.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rest = after === undefined ? all : all.filter((s) => s.name > after);
  const page = rest.slice(0, limit);
  const skills = await Promise.all(
    page.map(async (s) => {
      const verdict = readiness.verdict(s.name);
      const [adaptive, compiledFor] = await Promise.all([readAdaptStats(s).catch(() => undefined), verified ? served.compiledFor(s.name) : served.compiledForNow(s.name)]);
      const files = s.manifest.files.map((f) => f.path);
      return {
        name: s.name,
        description: s.listing.description,
        uri: skillUri(s.name, SKILL_MD),
        ready: verdict?.ready ?? ("unknown" as const),
        ...(!verdict || verdict.ready ? {} : { missing: verdict.missing, ...(verdict.error ? { error: verdict.error } : {}), fix: `env_setup {"skill": "${s.name}"}` }),
        files: files.slice(0, MAX_LISTED_FILES),
        ...(files.length > MAX_LISTED_FILES ? { filesTotal: files.length } : {}),
        scripts: s.manifest.scripts.map((x) => x.path).slice(0, MAX_LISTED_FILES),
        // Failed runs by class, patches made of them and whether each helped (src/adapt); only once a run failed.
        ...(adaptive ? { adaptive } : {}),
        compiledFor,
      };
    }),
  );
  const last = page.at(-1);
  const checking = !catalog.settled || skills.some((s) => s.ready === "unknown");
  return {
    total: all.length,
    ...(checking ? { checking: CHECKING } : {}),
    skills,
    ...(rest.length > page.length && last !== undefined ? { nextCursor: encodeCursor(last.name) } : {}),
    problems: catalog.problems.slice(0, MAX_PROBLEMS).map((p) => ({ name: p.name, error: describeProblem(p) })),
    ...(catalog.problems.length > MAX_PROBLEMS ? { problemsTotal: catalog.problems.length } : {}),
  };
}

/** A cursor is the last name of a page, opaque to the client. */
const encodeCursor = (name: string): string => Buffer.from(name, "utf8").toString("base64url");

/** The name a cursor carries; null when it is not a cursor list_skills made. */
function decodeCursor(cursor: string): string | null {
  const name = Buffer.from(cursor, "base64url").toString("utf8");
  return name !== "" && encodeCursor(name) === cursor ? name : null;
}

/** For a part of a file: which bytes these are and how to read on (nothing for a whole file). */
function partNote(skill: string, path: string, part: ReadPart): { type: "text"; text: string }[] {
  if (part.offset === 0 && part.next === undefined) return [];
  const more = part.next === undefined ? "the end of the file" : `more: read_skill_file ${JSON.stringify({ skill, path, offset: part.next })}`;
  return [{ type: "text", text: `[skvm] bytes ${part.offset}-${part.offset + part.bytes} of ${part.size}; ${more}` }];
}
