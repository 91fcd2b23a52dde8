import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Writes a skill folder from a map of relative path -> contents. */
export async function writeSkill(root: string, folder: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, folder);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export const skillMd = (name: string, description: string, body = "# Use\n\nDo the thing.\n"): string =>
  `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
