import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCachePath, readCompileCache } from "../../src/compiler/compile-cache.js";
import { compileSkills, defaultPassManager } from "../../src/compiler/index.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

// The compile cache is one line per skill folder: its listing at once, its manifest parsed on first read.
describe("the compile cache", () => {
  let root: string;
  const skills = () => join(root, "skills");
  const compiled = () => join(root, "compiled");
  const cacheFile = () => compileCachePath(skills(), compiled(), defaultPassManager().names);
  const manifestOnDisk = async (name: string) => JSON.parse(await readFile(join(compiled(), name, "manifest.json"), "utf8")) as unknown;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-compile-cache-"));
    process.env.SKVM_HOME = join(root, "home");
    await writeSkill(skills(), "pdf-merge", { "SKILL.md": skillMd("pdf-merge", "Merge PDF files", "# Merge\n\nUse qpdf.\n\n## Check the result\n\nOpen it.\n") });
    await writeSkill(skills(), "notes", { "SKILL.md": skillMd("notes", "Keep notes") });
    await writeSkill(skills(), "broken", { "SKILL.md": '---\nname: broken\ndescription: "unclosed\n---\nbody\n' });
    await compileSkills({ skillsRoot: skills(), outRoot: compiled() });
  }, 60_000);
  afterAll(async () => {
    delete process.env.SKVM_HOME;
    await rm(root, { recursive: true, force: true });
  });

  it("lists each compiled skill (name, description, headings) and gives its manifest as compiled", async () => {
    const entries = (await readCompileCache(cacheFile())) ?? [];
    const merge = entries.find((e) => e.dir.endsWith("/pdf-merge"));
    expect(merge?.listing).toEqual({ name: "pdf-merge", description: "Merge PDF files", headings: ["Merge", "Check the result"] });
    expect(merge?.manifest).toEqual(await manifestOnDisk("pdf-merge"));
    const broken = entries.find((e) => e.dir.endsWith("/broken"));
    expect(broken?.listing).toBeUndefined();
    expect(broken?.failure?.diagnostics.map((d) => d.code)).toContain("FRONTMATTER_INVALID_YAML");
  });

  it("reads a skill whose cached manifest is damaged as unknown: the next compile checks it again, the others are trusted", async () => {
    const text = await readFile(cacheFile(), "utf8");
    const damaged = text
      .split("\n")
      .map((line) => (line.includes('"name":"pdf-merge"') ? `${line.slice(0, line.indexOf("\t"))}\t{"skill": ` : line))
      .join("\n");
    await writeFile(cacheFile(), damaged);
    const entries = (await readCompileCache(cacheFile())) ?? [];
    expect(entries.find((e) => e.dir.endsWith("/pdf-merge"))?.manifest).toBeUndefined();
    expect(entries.find((e) => e.dir.endsWith("/notes"))?.manifest).toEqual(await manifestOnDisk("notes"));
    const again = await compileSkills({ skillsRoot: skills(), outRoot: compiled() });
    expect(again.results.map((r) => [r.name, r.status]).sort()).toEqual([["broken", "failed"], ["notes", "fresh"], ["pdf-merge", "fresh"]]);
    expect((await readCompileCache(cacheFile()))?.find((e) => e.dir.endsWith("/pdf-merge"))?.manifest).toEqual(await manifestOnDisk("pdf-merge"));
  }, 60_000);

  it("is not trusted at all when written in another format or by another version", async () => {
    await writeFile(cacheFile(), JSON.stringify({ version: "0.1.0", entries: [] }));
    expect(await readCompileCache(cacheFile())).toBeUndefined();
    await writeFile(cacheFile(), `${JSON.stringify({ version: "0.0.0-other" })}\n`);
    expect(await readCompileCache(cacheFile())).toBeUndefined();
  });
});
