import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverSkills } from "../../src/skill/index.js";
import { codes, skillMd, tree, write } from "./fixture.js";

describe("discoverSkills", () => {
  it("finds skill folders in a flat skills root, sorted, accepting SKILL.md and skill.md", async () => {
    const root = await tree({
      "zeta/SKILL.md": skillMd("zeta"),
      "alpha/skill.md": skillMd("alpha"),
      "not-a-skill/readme.md": "hi\n",
      "loose-file.md": "hi\n",
    });
    const found = await discoverSkills(root);
    expect(found).toEqual({ skillDirs: [path.join(root, "alpha"), path.join(root, "zeta")], diagnostics: [] });
  });

  it("finds nested owner/skill folders without descending into a skill or into hidden and vendored folders", async () => {
    const root = await tree({
      "bob/skill-y/SKILL.md": skillMd("skill-y"),
      "bob/skill-y/examples/inner/SKILL.md": skillMd("inner"),
      "alice/skill-x/SKILL.md": skillMd("skill-x"),
      "alice/deep/er/skill-z/SKILL.md": skillMd("skill-z"),
      ".hidden/secret/SKILL.md": skillMd("secret"),
      "node_modules/pkg/SKILL.md": skillMd("pkg"),
      "alice/__pycache__/cached/SKILL.md": skillMd("cached"),
    });
    const found = await discoverSkills(root);
    expect(found.skillDirs).toEqual([
      path.join(root, "alice", "deep", "er", "skill-z"),
      path.join(root, "alice", "skill-x"),
      path.join(root, "bob", "skill-y"),
    ]);
  });

  it("returns the root itself when the root is one skill folder", async () => {
    const root = await tree({ "SKILL.md": skillMd("solo"), "sub/SKILL.md": skillMd("sub") });
    expect((await discoverSkills(root)).skillDirs).toEqual([root]);
  });

  it("gives the same answer on every run", async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`o${i % 7}/s${i}/SKILL.md`, skillMd(`s${i}`)]));
    const root = await tree(files);
    const first = await discoverSkills(root);
    const second = await discoverSkills(root);
    expect(first.skillDirs).toHaveLength(40);
    expect(second).toEqual(first);
  });

  it("follows a symlinked skill folder but not a symlink back up the tree", async () => {
    const root = await tree({ "real/linked/SKILL.md": skillMd("linked") });
    const skills = path.join(root, "skills");
    await write(skills, { "via-link": { symlink: path.join(root, "real", "linked") }, loop: { symlink: skills } });
    expect((await discoverSkills(skills)).skillDirs).toEqual([path.join(skills, "via-link")]);
  });

  it("reports SKILLS_ROOT_NOT_FOUND for a missing root instead of throwing", async () => {
    const root = await tree({});
    const found = await discoverSkills(path.join(root, "missing"));
    expect(found.skillDirs).toEqual([]);
    expect(codes(found.diagnostics)).toEqual(["SKILLS_ROOT_NOT_FOUND"]);
    expect(found.diagnostics[0]?.severity).toBe("error");
  });
});
