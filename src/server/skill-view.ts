import type { CallToolResult } from "@modelcontextprotocol/server";
import { ArtifactMissingError, type CatalogSkill } from "./catalog.js";
import type { Readiness } from "./readiness.js";
import type { InstructionsSource, SessionSkills } from "./session-skills.js";
import { SKILL_MD, skillUri } from "./uri.js";

/** The compiled instructions of this version a model reads, with the user's task appended when given. */
export async function instructionsWithTask(source: InstructionsSource, skill: CatalogSkill, task?: string): Promise<string> {
  const text = await source.instructionsOf(skill);
  return task?.trim() ? `${text.trimEnd()}\n\n---\n\n## Your task\n\n${task.trim()}\n` : text;
}

/** What `load_skill` and a skill's own tool return: instructions plus links to every bundled file. */
export async function loadSkillResult(skills: SessionSkills, readiness: Readiness, name: string, task?: string): Promise<CallToolResult> {
  const { catalog } = skills;
  await catalog.ready;
  const skill = catalog.get(name);
  if (!skill) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"; known skills: ${catalog.names.join(", ")}`);
  const verdict = await readiness.verdictFor(skill);
  const notice = verdict.ready ? "" : `> ${readiness.describeNotReady(name, verdict)}\n\n`;
  const links = [
    { type: "resource_link" as const, uri: skillUri(name, SKILL_MD), name: `${name}/SKILL.md`, mimeType: "text/markdown" },
    ...skill.manifest.files.map((f) => ({
      type: "resource_link" as const,
      uri: skillUri(name, f.path),
      name: `${name}/${f.path}`,
      mimeType: f.mimeType,
      description: `${f.kind}, ${f.size} bytes${f.binary ? ", binary" : ""}`,
    })),
  ];
  const fileList = skill.manifest.files.length
    ? `\n\nBundled files (read with read_skill_file or resources/read):\n${skill.manifest.files.map((f) => `- ${f.path} -> ${skillUri(name, f.path)}`).join("\n")}`
    : "";
  let instructions: string;
  try {
    instructions = await instructionsWithTask(skills, skill, task);
  } catch (err) {
    if (err instanceof ArtifactMissingError) return errorResult(err.message);
    throw err;
  }
  return { content: [{ type: "text", text: `${notice}${await profileNotice(skills, name)}${instructions}${fileList}` }, ...links] };
}

/** One line before the instructions when they were lowered for the session's profile, or why not. */
async function profileNotice(skills: SessionSkills, name: string): Promise<string> {
  const compiled = await skills.compiledFor(name);
  if (!compiled.profile) return "";
  if (compiled.served === "variant") return `> skvm: these instructions are compiled for capability profile ${compiled.profile} (${compiled.edits} edit(s); notes marked **skvm (<primitive>)**).\n\n`;
  return compiled.note ? `> skvm: ${compiled.note} (profile ${compiled.profile}).\n\n` : "";
}

export const errorResult = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });
export const textResult = (text: string): CallToolResult => ({ content: [{ type: "text", text }] });

/** Text cut to `max` characters, an ellipsis marking the cut. */
export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
