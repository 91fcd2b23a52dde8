import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeSourceHash, SkillLoadError } from "../../src/skill/index.js";
import { skillMd, tree } from "./fixture.js";

const FILES = {
  "SKILL.md": skillMd("demo"),
  "scripts/run.py": "print('hi')\n",
  "references/notes.md": "# Notes\n",
  "assets/blob.bin": Uint8Array.from([0, 1, 2, 255]),
};

async function copyAt(where: string): Promise<string> {
  const root = await tree(Object.fromEntries(Object.entries(FILES).map(([rel, c]) => [`${where}/demo/${rel}`, c])));
  return path.join(root, where, "demo");
}

describe("computeSourceHash", () => {
  it("is the same for two copies of a skill in different folders with different mtimes", async () => {
    const a = await copyAt("one");
    const b = await copyAt("elsewhere/two");
    const past = new Date("2001-02-03T04:05:06Z");
    await fs.utimes(path.join(b, "scripts", "run.py"), past, past);
    await fs.utimes(path.join(b, "SKILL.md"), past, past);
    const hash = await computeSourceHash(a);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await computeSourceHash(b)).toBe(hash);
  });

  it("changes when one byte of a bundled file changes", async () => {
    const dir = await copyAt("s");
    const before = await computeSourceHash(dir);
    await fs.writeFile(path.join(dir, "scripts", "run.py"), "print('hI')\n");
    expect(await computeSourceHash(dir)).not.toBe(before);
  });

  it("changes when one byte of SKILL.md changes", async () => {
    const dir = await copyAt("s");
    const before = await computeSourceHash(dir);
    await fs.appendFile(path.join(dir, "SKILL.md"), "!");
    expect(await computeSourceHash(dir)).not.toBe(before);
  });

  it("changes when a file is renamed, even with the same content", async () => {
    const dir = await copyAt("s");
    const before = await computeSourceHash(dir);
    await fs.rename(path.join(dir, "scripts", "run.py"), path.join(dir, "scripts", "main.py"));
    expect(await computeSourceHash(dir)).not.toBe(before);
  });

  it("ignores folders the inventory skips (.git, node_modules, __pycache__, .DS_Store)", async () => {
    const dir = await copyAt("s");
    const before = await computeSourceHash(dir);
    await tree({});
    for (const junk of [".git/HEAD", "node_modules/x.js", "scripts/__pycache__/run.pyc", ".DS_Store"]) {
      await fs.mkdir(path.dirname(path.join(dir, junk)), { recursive: true });
      await fs.writeFile(path.join(dir, junk), "junk");
    }
    expect(await computeSourceHash(dir)).toBe(before);
  });

  it("throws SkillLoadError for a folder that does not exist", async () => {
    const root = await tree({});
    await expect(computeSourceHash(path.join(root, "missing"))).rejects.toBeInstanceOf(SkillLoadError);
  });
});
