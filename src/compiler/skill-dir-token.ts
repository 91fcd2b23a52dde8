/**
 * Stands for the skill's absolute folder in compiled text. Artifacts stay portable (no path of
 * the compiling machine is written); the server substitutes the real folder when it serves them.
 */
export const SKILL_DIR_TOKEN = "${SKVM_SKILL_DIR}";

/** Placeholders other harnesses use for the same thing. */
export const FOREIGN_SKILL_DIR_PLACEHOLDERS = ["${HERMES_SKILL_DIR}", "$HERMES_SKILL_DIR", "{baseDir}"] as const;

/**
 * Fills in the skill's folder. A folder with spaces or shell characters is single-quoted, so
 * the commands in the instructions still split right (`python '/a b/skill'/scripts/x.py`).
 */
export const bindSkillDir = (text: string, skillDir: string): string =>
  text.replaceAll(SKILL_DIR_TOKEN, /^[A-Za-z0-9_./:@%+=,-]+$/.test(skillDir) ? skillDir : `'${skillDir.replaceAll("'", `'\\''`)}'`);
