/** `skill://<name>/<path>`: the SEP-2640 address of a skill's file. */
export const skillUri = (skill: string, path: string): string =>
  `skill://${skill}/${path.split("/").map(encodeURIComponent).join("/")}`;

export const SKILL_MD = "SKILL.md";
export const SKILL_URI_TEMPLATE = "skill://{skill}/{+path}";

/** Splits a `skill://` URI into skill name and decoded relative path, or undefined. */
export function parseSkillUri(uri: string): { skill: string; path: string } | undefined {
  const match = /^skill:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) return undefined;
  try {
    return { skill: decodeURIComponent(match[1] ?? ""), path: decodeURIComponent(match[2] ?? "") };
  } catch {
    return undefined;
  }
}
