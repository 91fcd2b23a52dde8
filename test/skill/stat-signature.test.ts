import { mkdtemp, rm, symlink, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statSignature } from "../../src/skill/index.js";
import { writeSkill } from "../helpers/skill-fixtures.js";

describe("statSignature", () => {
  let root: string;
  let dir: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-statsig-"));
    dir = await writeSkill(root, "s", { "SKILL.md": "---\nname: s\n---\n", "scripts/a.py": "print(1)\n" });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("is stable while nothing is touched", async () => {
    expect(await statSignature([dir])).toBe(await statSignature([dir]));
  });

  it("changes when a file is edited (same size), added, or only its mtime moves", async () => {
    const before = await statSignature([dir]);
    await writeFile(join(dir, "scripts/a.py"), "print(2)\n");
    const edited = await statSignature([dir]);
    expect(edited).not.toBe(before);
    await utimes(join(dir, "SKILL.md"), new Date(2000, 1, 1), new Date(2000, 1, 1));
    const touched = await statSignature([dir]);
    expect(touched).not.toBe(edited);
    await writeFile(join(dir, "scripts/b.py"), "");
    expect(await statSignature([dir])).not.toBe(touched);
  });

  it("covers every folder given, so an artifact change is seen too", async () => {
    const other = await writeSkill(root, "compiled-s", { "manifest.json": "{}" });
    const before = await statSignature([dir, other]);
    await writeFile(join(other, "manifest.json"), "{ }");
    expect(await statSignature([dir, other])).not.toBe(before);
  });

  it("stats links without following them: a loop, a fan of links to '.', and /proc/self/root cost one entry each", async () => {
    await symlink("self", join(dir, "self"));
    for (let i = 1; i <= 7; i++) await symlink(".", join(dir, "scripts", `s${i}`));
    await symlink("/proc/self/root", join(dir, "root"));
    const before = await statSignature([dir]);
    expect(await statSignature([dir])).toBe(before);
    // Re-pointing a link is a change, even though nothing it points at changed.
    await unlink(join(dir, "root"));
    await symlink("/usr", join(dir, "root"));
    expect(await statSignature([dir])).not.toBe(before);
  });
});
