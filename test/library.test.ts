import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { skillMd, writeSkill } from "./helpers/skill-fixtures.js";

describe("the library entry point (dist/src/index.js)", () => {
  it("compiles skills with a user-registered pass, as the README shows", async () => {
    const lib = (await import(pathToFileURL(resolve("dist/src/index.js")).href)) as typeof import("../src/index.js");
    const root = await mkdtemp(join(tmpdir(), "skvm-lib-"));
    try {
      await writeSkill(join(root, "skills"), "demo", { "SKILL.md": skillMd("demo", "A demo", "# hello\n") });
      const passes = lib.defaultPassManager().register(
        { name: "shout", description: "uppercase the first heading", run: (unit) => ({ unit: { ...unit, out: { ...unit.out, body: unit.out.body.toUpperCase() } }, diagnostics: [] }) },
        { after: "paths" },
      );
      const report = await lib.compileSkills({ skillsRoot: join(root, "skills"), outRoot: join(root, "compiled"), passes, cache: false });
      expect(report.results.map((r) => [r.name, r.status])).toEqual([["demo", "compiled"]]);
      const manifest = lib.parseManifest(JSON.parse(await readFile(join(root, "compiled/demo/manifest.json"), "utf8")), "manifest.json");
      expect(manifest.compiler.passes).toEqual(["capability", "paths", "shout", "env", "concurrency", "templates"]);
      expect(await readFile(join(root, "compiled/demo/SKILL.md"), "utf8")).toContain("# HELLO");
      expect(lib.VERSION).toBe(JSON.parse(await readFile("package.json", "utf8")).version);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
