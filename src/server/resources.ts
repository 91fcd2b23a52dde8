import { ResourceTemplate } from "@modelcontextprotocol/server";
import type { McpServer, Resource } from "@modelcontextprotocol/server";
import { invalidParams } from "./protocol-error.js";
import type { CatalogSkill } from "./catalog.js";
import type { SessionSkills } from "./session-skills.js";
import { MAX_READ_BYTES, readSkillFile, SkillFileError } from "./skill-files.js";
import { SKILL_MD, SKILL_URI_TEMPLATE, skillUri } from "./uri.js";

/** Every skill's SKILL.md and bundled files as `skill://<name>/<path>` resources. */
export function registerResources(server: McpServer, skills: SessionSkills): void {
  const { catalog } = skills;
  const template = new ResourceTemplate(SKILL_URI_TEMPLATE, {
    list: async () => ({ resources: catalog.skills.flatMap(skillResources) }),
    complete: {
      skill: (value) => catalog.names.filter((n) => n.startsWith(value)),
      path: (value, ctx) => {
        const skill = catalog.get(ctx?.arguments?.skill ?? "");
        const paths = skill ? [SKILL_MD, ...skill.manifest.files.map((f) => f.path)] : [];
        return paths.filter((p) => p.startsWith(value));
      },
    },
  });
  server.registerResource(
    "skill-file",
    template,
    { description: "A skill's compiled SKILL.md or one of its bundled files" },
    async (uri, vars) => {
      const skill = String(vars.skill ?? "");
      const path = decodePath(String(vars.path ?? ""));
      try {
        const content = await readSkillFile(catalog, decodeURIComponent(skill), path, {}, skills);
        // A resource is read whole or not at all: a silent first part would pass for the file.
        if (content.part.next !== undefined) throw new SkillFileError("FILE_TOO_LARGE", `${skill}/${path} is ${content.part.size} bytes, more than one read serves (${MAX_READ_BYTES}); read it in parts with read_skill_file and offset`);
        const base = { uri: uri.href, mimeType: content.mimeType };
        return { contents: [content.kind === "text" ? { ...base, text: content.text } : { ...base, blob: content.blob }] };
      } catch (err) {
        if (err instanceof SkillFileError) throw invalidParams(err.message);
        throw err;
      }
    },
  );
}

export function skillResources(skill: CatalogSkill): Resource[] {
  const main: Resource = {
    uri: skillUri(skill.name, SKILL_MD),
    name: skill.name,
    title: `${skill.name} (compiled SKILL.md)`,
    description: skill.listing.description,
    mimeType: "text/markdown",
  };
  const files = skill.manifest.files.map(
    (f): Resource => ({
      uri: skillUri(skill.name, f.path),
      name: `${skill.name}/${f.path}`,
      mimeType: f.mimeType,
      size: f.size,
    }),
  );
  return [main, ...files];
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw invalidParams(`PATH_INVALID: "${path}" is not a valid URI path`);
  }
}
