import type { McpServer, Resource } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Catalog } from "./catalog.js";
import { invalidParams } from "./protocol-error.js";
import { skillResources } from "./resources.js";
import { skillUri } from "./uri.js";

const DIRECTORY_MIME = "inode/directory";
const DirectoryReadParams = z.object({ uri: z.string(), cursor: z.string().optional() }).passthrough();

/**
 * `resources/directory/read` (SEP-2640, declared as `directoryRead: true` on the skills
 * extension): the direct children of a skill's folder (`skill://<name>`) or of a folder in it
 * (`skill://<name>/references`), files as resources/list gives them and folders as
 * `inode/directory`. A URI that names no folder of a served skill is invalid params.
 */
export function registerSkillsDirectory(server: McpServer, catalog: Catalog): void {
  server.server.setRequestHandler("resources/directory/read", { params: DirectoryReadParams }, async ({ uri }) => {
    await catalog.ready;
    const dir = /^skill:\/\/([^/]+)(?:\/(.*?))?\/?$/.exec(uri);
    const skill = dir ? catalog.get(decodeURIComponent(dir[1] ?? "")) : undefined;
    if (!dir || !skill) throw invalidParams(`not a folder of a skill served here: ${uri}`);
    const folder = dir[2] ? `${decodeURIComponent(dir[2])}/` : "";
    const children = childrenOf(skill.name, skillResources(skill), folder);
    if (children.length === 0) throw invalidParams(`not a folder of skill "${skill.name}": ${uri} (read a file with resources/read)`);
    return { resources: children };
  });
}

function childrenOf(skill: string, files: Resource[], folder: string): Resource[] {
  const prefix = skillUri(skill, folder);
  const folders = new Map<string, Resource>();
  const direct: Resource[] = [];
  for (const file of files) {
    if (!file.uri.startsWith(prefix)) continue;
    const rest = file.uri.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) direct.push(file);
    else {
      const name = decodeURIComponent(rest.slice(0, slash));
      const uri = `${prefix}${rest.slice(0, slash)}`;
      if (!folders.has(uri)) folders.set(uri, { uri, name: `${skill}/${folder}${name}`, mimeType: DIRECTORY_MIME });
    }
  }
  return [...folders.values(), ...direct];
}
