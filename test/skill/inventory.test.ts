import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeSourceHash, loadSkill, type SkillIR } from "../../src/skill/index.js";
import { skillMd, tree, write } from "./fixture.js";

async function loadOk(dir: string): Promise<SkillIR> {
  const result = await loadSkill(dir);
  if (!result.ok) throw new Error(`expected ok: ${JSON.stringify(result.diagnostics)}`);
  return result.ir;
}

describe("inventory of bundled files", () => {
  it("classifies files by top folder and top-level script extension", async () => {
    const root = await tree({
      "skills/demo/SKILL.md": skillMd("demo"),
      "skills/demo/scripts/nested/deep.txt": "x\n",
      "skills/demo/Scripts/upper.py": "x\n",
      "skills/demo/tool.mjs": "export {};\n",
      "skills/demo/tool.ts": "export const a = 1;\n",
      "skills/demo/docs/tool.py": "print()\n",
    });
    const ir = await loadOk(path.join(root, "skills", "demo"));
    expect(ir.files.map((f) => [f.path, f.kind, f.mimeType])).toEqual([
      ["Scripts/upper.py", "script", "text/x-python"],
      ["docs/tool.py", "other", "text/x-python"],
      ["scripts/nested/deep.txt", "script", "text/plain"],
      ["tool.mjs", "script", "text/javascript"],
      ["tool.ts", "script", "text/typescript"],
    ]);
  });

  it("follows a symlink to a file inside the skill, but not one to a folder inside it (its files are listed there)", async () => {
    const root = await tree({ "skills/demo/SKILL.md": skillMd("demo"), "skills/demo/references/a.md": "# A\n" });
    const dir = path.join(root, "skills", "demo");
    await write(dir, { "references/alias.md": { symlink: "a.md" }, "refs": { symlink: "references" } });
    const ir = await loadOk(dir);
    expect(ir.files.map((f) => f.path)).toEqual(["references/a.md", "references/alias.md"]);
    expect(ir.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([["PATH_SYMLINK_DIR", "warning", "skills/demo/refs"]]);
  });

  it("leaves out a symlink to a file outside the skill, with a PATH_SYMLINK_ESCAPE warning, and does not hash it", async () => {
    const root = await tree({ "secret.txt": "top secret\n", "skills/demo/SKILL.md": skillMd("demo"), "skills/demo/ok.txt": "fine\n" });
    const dir = path.join(root, "skills", "demo");
    const before = await computeSourceHash(dir);
    await write(dir, { "leak.txt": { symlink: path.join(root, "secret.txt") }, "up": { symlink: ".." } });

    const ir = await loadOk(dir);
    expect(ir.files.map((f) => f.path)).toEqual(["ok.txt"]);
    expect(ir.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ["PATH_SYMLINK_ESCAPE", "warning", "skills/demo/leak.txt"],
      ["PATH_SYMLINK_ESCAPE", "warning", "skills/demo/up"],
    ]);
    expect(ir.sourceHash).toBe(before);
    await fs.writeFile(path.join(root, "secret.txt"), "changed\n");
    expect(await computeSourceHash(dir)).toBe(before);
  });

  it("does not follow a symlink loop inside the skill", async () => {
    const root = await tree({ "skills/demo/SKILL.md": skillMd("demo"), "skills/demo/a/file.txt": "x\n" });
    const dir = path.join(root, "skills", "demo");
    await write(dir, { "a/self": { symlink: "." }, "a/broken": { symlink: "nowhere" } });
    const ir = await loadOk(dir);
    expect(ir.files.map((f) => f.path)).toEqual(["a/file.txt"]);
    expect(ir.diagnostics.map((d) => d.code)).toEqual(["PATH_SYMLINK_BROKEN", "PATH_SYMLINK_DIR"]);
  });

  it("refuses a skill with more than 5,000 files with SKILL_TOO_MANY_FILES", async () => {
    const files = Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`skills/demo/assets/f${i}.txt`, ""]));
    const root = await tree({ ...files, "skills/demo/SKILL.md": skillMd("demo") });
    const result = await loadSkill(path.join(root, "skills", "demo"));
    expect(!result.ok && result.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([["SKILL_TOO_MANY_FILES", "error", "skills/demo"]]);
  });

  it("refuses a skill over 200 MiB with SKILL_TOO_BIG, without reading it", async () => {
    const root = await tree({ "skills/demo/SKILL.md": skillMd("demo") });
    // Sparse: takes no disk space, and the cap is checked from sizes before any read.
    await fs.truncate(await touch(path.join(root, "skills", "demo", "assets", "huge.bin")), 201 * 1024 * 1024);
    const result = await loadSkill(path.join(root, "skills", "demo"));
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(["SKILL_TOO_BIG"]);
  });
});

async function touch(file: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, "");
  return file;
}
