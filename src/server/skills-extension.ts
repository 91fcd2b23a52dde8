import type { McpServer, ServerContext } from "@modelcontextprotocol/server";
import { DEFAULT_LIST_TTL_MS } from "./protocol/cache-hints.js";
import { isModernRequest } from "./protocol/client-identity.js";
import { invalidParams } from "./protocol-error.js";
import { z } from "zod";
import type { CatalogSkill } from "./catalog.js";
import type { SessionSkills } from "./session-skills.js";
import { parseSkillUri, SKILL_MD, skillUri } from "./uri.js";

/** SEP-2640 extension id, declared under `capabilities.extensions`. */
export const SKILLS_EXTENSION = "io.modelcontextprotocol/skills";
const PAGE_SIZE = 100;

const SkillsListParams = z.object({ cursor: z.string().optional() }).passthrough();
const SkillsGetParams = z.object({ uri: z.string() }).passthrough();

/**
 * `skills/list` and `skills/get` (SEP-2640) through the SDK's low-level request handlers:
 * entries carry the frontmatter verbatim and a sha256 digest of every file as served.
 */
export function registerSkillsExtension(server: McpServer, skills: SessionSkills, ttlMs = DEFAULT_LIST_TTL_MS): void {
  const { catalog } = skills;
  server.server.setRequestHandler("skills/list", { params: SkillsListParams }, async (params, ctx) => {
    await catalog.ready;
    const start = decodeCursor(params.cursor);
    const page = catalog.skills.slice(start, start + PAGE_SIZE);
    const next = start + PAGE_SIZE < catalog.skills.length ? encodeCursor(start + PAGE_SIZE) : undefined;
    return cacheable(ctx, { skills: await Promise.all(page.map((s) => entry(skills, s))), ...(next ? { nextCursor: next } : {}) }, ttlMs);
  });
  server.server.setRequestHandler("skills/get", { params: SkillsGetParams }, async (params, ctx) => {
    await catalog.ready;
    const parsed = parseSkillUri(params.uri);
    const skill = parsed?.path === SKILL_MD ? catalog.get(parsed.skill) : undefined;
    if (!skill) throw invalidParams(`not a skill served here: ${params.uri}`);
    return cacheable(ctx, { skill: await entry(skills, skill) }, ttlMs);
  });
}

/** A skill entry: every file with the digest and byte size of what resources/read serves (hosts verify both). */
async function entry(skills: SessionSkills, skill: CatalogSkill) {
  const main = skillUri(skill.name, SKILL_MD);
  return {
    uri: main,
    frontmatter: skill.manifest.skill.frontmatter,
    resources: [
      { uri: main, digest: await skills.instructionsDigest(skill), size: Buffer.byteLength(await skills.instructionsOf(skill)) },
      ...skill.manifest.files.map((f) => ({ uri: skillUri(skill.name, f.path), digest: f.digest, size: f.size })),
    ],
  };
}

/**
 * skills/list and skills/get results are cacheable results on 2026-07-28 (ttlMs and cacheScope
 * required, as on resources/read); the SDK adds them only to the spec's own methods.
 */
function cacheable<T extends object>(ctx: ServerContext, result: T, ttlMs: number): T {
  return isModernRequest(ctx) ? { ...result, ttlMs, cacheScope: "private" } : result;
}

const encodeCursor = (offset: number): string => Buffer.from(String(offset)).toString("base64url");

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(offset) || offset < 0) throw invalidParams(`invalid cursor "${cursor}"`);
  return offset;
}
