import type { CallToolResult } from "@modelcontextprotocol/server";
import { ArtifactMissingError, type Catalog } from "./catalog.js";
import type { Readiness } from "./readiness.js";
import { SKILL_MD, skillUri } from "./uri.js";

/** The compiled instructions a model reads, with the user's task appended when given. */
export async function instructionsWithTask(catalog: Catalog, name: string, task?: string): Promise<string> {
  const text = await catalog.instructions(name);
  return task?.trim() ? `${text.trimEnd()}\n\n---\n\n## Your task\n\n${task.trim()}\n` : text;
}

/** What `load_skill` and a skill's own tool return: instructions plus links to every bundled file. */
export async function loadSkillResult(catalog: Catalog, readiness: Readiness, name: string, task?: string): Promise<CallToolResult> {
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
    instructions = await instructionsWithTask(catalog, name, task);
  } catch (err) {
    if (err instanceof ArtifactMissingError) return errorResult(err.message);
    throw err;
  }
  return { content: [{ type: "text", text: `${notice}${instructions}${fileList}` }, ...links] };
}

export const errorResult = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });
export const textResult = (text: string): CallToolResult => ({ content: [{ type: "text", text }] });
