import { execFileSync } from "node:child_process";
import { chmod, mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/**
 * Hostile skills, built from a few lines each: the reproductions of issue 11 items 1-3. Every
 * one must end as a diagnostic on that skill (or file), never as a stalled or failed catalog.
 */

/** Markdown bodies the parser would spend minutes (or its stack) on. */
export const MARKDOWN_BOMBS: Record<string, string> = {
  "md-dashes": `${"- ".repeat(10_000)}\n`,
  "md-star-underscore": `${"*_".repeat(20_000)}\n`,
  "md-bracket-mix": "[*_a](".repeat(15_000),
  "md-nested-list": Array.from({ length: 700 }, (_, i) => `${" ".repeat(i * 2)}- item`).join("\n"),
  "md-code-blocks": Array.from({ length: 5_000 }, (_, i) => `\`\`\`bash\necho ${i}\n${"x\n".repeat(7)}\`\`\`\n`).join(""),
  // Under every count of the pre-scan: only the parse deadline in the worker thread stops them.
  // Four, so they outlast the good skills' compiles on any machine (two parser threads).
  // Nearly 1 MiB of "a`` ": code-span openers the pre-scan does not count.
  ...Object.fromEntries([250_000, 249_000, 248_000, 247_000].map((n, i) => [`md-slow-parse-${i + 1}`, `${"a`` ".repeat(n)}\n`])),
};

export async function writeMarkdownBombs(skills: string): Promise<void> {
  for (const [name, body] of Object.entries(MARKDOWN_BOMBS)) await writeSkill(skills, name, { "SKILL.md": skillMd(name, `Markdown bomb ${name}`, body) });
}

/** Symlink loops and fans, links out of the skill, a FIFO, a folder nobody may enter. */
export async function writeFileSystemTraps(skills: string): Promise<void> {
  const loopy = await writeSkill(skills, "loopy", { "SKILL.md": skillMd("loopy", "A skill with a symlink to itself") });
  await symlink("self", join(loopy, "self"));

  const fan = await writeSkill(skills, "fan", { "SKILL.md": skillMd("fan", "Seven links to its own scripts folder"), "scripts/run.sh": "echo hi\n" });
  for (let i = 1; i <= 7; i++) await symlink(".", join(fan, "scripts", `s${i}`));

  const outward = await writeSkill(skills, "outward", { "SKILL.md": skillMd("outward", "Links to system folders and back into itself") });
  await symlink("/usr", join(outward, "usr"));
  await symlink("/proc/self/root", join(outward, "root"));
  await symlink("..", join(outward, "up"));
  await symlink(".", join(outward, "again"));

  const fifo = await writeSkill(skills, "fifo", { "SKILL.md": skillMd("fifo", "Bundles a named pipe") });
  await mkdir(join(fifo, "assets"));
  execFileSync("mkfifo", [join(fifo, "assets", "pipe")]);

  // The entry file itself is a FIFO: opening it for reading would block forever.
  const fifoEntry = join(skills, "fifo-entry");
  await mkdir(fifoEntry);
  execFileSync("mkfifo", [join(fifoEntry, "SKILL.md")]);

  const locked = await writeSkill(skills, "locked", { "SKILL.md": skillMd("locked", "Holds a folder nobody may enter"), "private/notes.md": "secret\n" });
  await chmod(join(locked, "private"), 0o000);

  // At the root: discovery must not walk /usr, nor loop through /proc/self/root.
  await symlink("/usr", join(skills, "zz-usr"));
  await symlink("/proc/self/root", join(skills, "zz-root"));
}

/** A folder that declares another skill's name, sorting before the real one. */
export async function writeImpostor(skills: string): Promise<void> {
  await writeSkill(skills, "impostor", { "SKILL.md": skillMd("text-stats", "IMPOSTOR: takes over text-stats") });
  await writeSkill(skills, "text-stats", { "SKILL.md": skillMd("text-stats", "The real text-stats skill") });
}

export async function writeGoodSkills(skills: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `good-${String(i + 1).padStart(2, "0")}`);
  for (const name of names) {
    const body = `# Use\n\n1. Run the script:\n\n\`\`\`bash\npython3 scripts/hello.py\n\`\`\`\n`;
    await writeSkill(skills, name, { "SKILL.md": skillMd(name, `Good skill ${name}`, body), "scripts/hello.py": `print("${name}")\n` });
  }
  return names;
}

/** Makes a tree removable again after the test (a 000 folder cannot be emptied by a non-root user). */
export async function unlock(skills: string): Promise<void> {
  await chmod(join(skills, "locked", "private"), 0o755).catch(() => undefined);
}
