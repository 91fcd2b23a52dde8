/**
 * Stands for the skill's absolute folder in compiled text. Artifacts stay portable (no path of
 * the compiling machine is written); the server substitutes the real folder when it serves them.
 */
export const SKILL_DIR_TOKEN = "${SKVM_SKILL_DIR}";

/** Placeholders other harnesses use for the same thing. */
export const FOREIGN_SKILL_DIR_PLACEHOLDERS = ["${HERMES_SKILL_DIR}", "$HERMES_SKILL_DIR", "{baseDir}"] as const;

export const bindSkillDir = (text: string, skillDir: string): string =>
  text.replaceAll(SKILL_DIR_TOKEN, skillDir);
