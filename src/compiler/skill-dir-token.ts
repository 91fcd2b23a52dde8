/**
 * Stands for the skill's absolute folder in compiled text. Artifacts stay portable (no path of
 * the compiling machine is written); the server substitutes the real folder when it serves them.
 */
export const SKILL_DIR_TOKEN = "${SKVM_SKILL_DIR}";

/** Placeholders other harnesses use for the same thing. */
export const FOREIGN_SKILL_DIR_PLACEHOLDERS = ["${HERMES_SKILL_DIR}", "$HERMES_SKILL_DIR", "{baseDir}"] as const;

const PLAIN_PATH = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * Fills in the skill's folder. A folder with spaces or shell characters is quoted so the
 * commands in the instructions still split right: single quotes in the open
 * (`python '/a b/skill'/scripts/x.py`), backslash escapes inside a double-quoted word
 * (`"/a b/skill/x.py"` stays one double-quoted word).
 */
export function bindSkillDir(text: string, skillDir: string): string {
  if (PLAIN_PATH.test(skillDir)) return text.replaceAll(SKILL_DIR_TOKEN, skillDir);
  const singleQuoted = `'${skillDir.replaceAll("'", `'\\''`)}'`;
  const inDoubleQuotes = skillDir.replace(/["$`\\]/g, "\\$&");
  return text.replace(/\$\{SKVM_SKILL_DIR\}/g, (_token, at: number, whole: string) =>
    insideDoubleQuotes(whole, at) ? inDoubleQuotes : singleQuoted,
  );
}

/** Whether `at` is inside a double-quoted string on its line (unescaped quotes before it are odd). */
function insideDoubleQuotes(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const before = text.slice(lineStart, at);
  return (before.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
}
