import { resolve } from "node:path";

/** `skillsRoot` (one folder, or several nearest first) as a list of absolute folders, each once. */
export function rootList(skillsRoot: string | readonly string[]): string[] {
  const all = (typeof skillsRoot === "string" ? [skillsRoot] : [...skillsRoot]).map((root) => resolve(root));
  return all.filter((root, i) => all.indexOf(root) === i);
}
