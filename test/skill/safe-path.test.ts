import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSkillPath } from "../../src/skill/index.js";
import { skillMd, tree, write } from "./fixture.js";

async function skill(): Promise<{ root: string; dir: string }> {
  const root = await tree({
    "outside.txt": "secret\n",
    "skills/demo/SKILL.md": skillMd("demo"),
    "skills/demo/scripts/run.py": "print()\n",
    "skills/demo/.git/config": "[core]\n",
  });
  const dir = path.join(root, "skills", "demo");
  await write(dir, { "escape.txt": { symlink: path.join(root, "outside.txt") }, "inside.txt": { symlink: "scripts/run.py" } });
  return { root, dir };
}

async function refusal(relPath: string): Promise<string | undefined> {
  const { dir } = await skill();
  const result = await resolveSkillPath(dir, relPath);
  return result.ok ? undefined : result.diagnostic.code;
}

describe("resolveSkillPath", () => {
  it("resolves a file inside the skill to its real absolute path", async () => {
    const { dir } = await skill();
    expect(await resolveSkillPath(dir, "scripts/run.py")).toEqual({ ok: true, abs: path.join(dir, "scripts", "run.py") });
    expect(await resolveSkillPath(dir, "./scripts//run.py")).toEqual({ ok: true, abs: path.join(dir, "scripts", "run.py") });
  });

  it("follows a symlink that stays inside the skill", async () => {
    const { dir } = await skill();
    expect(await resolveSkillPath(dir, "inside.txt")).toEqual({ ok: true, abs: path.join(dir, "scripts", "run.py") });
  });

  it.each([
    ["../outside.txt", "PATH_TRAVERSAL"],
    ["scripts/../../outside.txt", "PATH_TRAVERSAL"],
    ["/etc/passwd", "PATH_ABSOLUTE"],
    ["C:/Windows/win.ini", "PATH_ABSOLUTE"],
    ["..\\outside.txt", "PATH_BACKSLASH"],
    ["scripts/run.py\0.txt", "PATH_NUL_BYTE"],
    ["", "PATH_INVALID"],
    [".git/config", "PATH_EXCLUDED"],
    ["escape.txt", "PATH_SYMLINK_ESCAPE"],
    ["scripts/missing.py", "FILE_NOT_FOUND"],
    ["scripts/run.py/x", "FILE_NOT_FOUND"],
    ["scripts", "NOT_A_FILE"],
  ])("refuses %j with %s", async (relPath, code) => {
    expect(await refusal(relPath)).toBe(code);
  });

  it("explains a refusal with a message and a hint", async () => {
    const { dir } = await skill();
    const result = await resolveSkillPath(dir, "../outside.txt");
    expect(result).toEqual({
      ok: false,
      diagnostic: { code: "PATH_TRAVERSAL", severity: "error", message: 'path "../outside.txt" contains a ".." segment', hint: "paths may not leave the skill folder" },
    });
  });
});
