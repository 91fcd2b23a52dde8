import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Manifest } from "../../src/compiler/manifest.js";
import { skvm } from "../helpers/cli.js";
import { CLI } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const statuses = (stdout: string) =>
  Object.fromEntries((JSON.parse(stdout).results as { name: string; status: string }[]).map((r) => [r.name, r.status]));

describe("skvm compile", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-compile-"));
    await writeSkill(join(root, "skills"), "alpha", {
      "SKILL.md": skillMd("alpha", "Alpha skill", "# Steps\n\n1. Run it:\n\n   ```bash\n   python3 scripts/run.py --n 3\n   ```\n"),
      "scripts/run.py": "print(3)\n",
    });
    await writeSkill(join(root, "skills"), "beta", { "SKILL.md": skillMd("beta", "Beta skill") });
    await writeSkill(join(root, "skills"), "broken", { "SKILL.md": "---\nname: broken\ndescription: \"oops\n---\n" });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("compiles the good skills, names the bad one's file and line, and exits 1", async () => {
    const { code, stdout } = await skvm(["compile", "skills", "--out", "compiled", "--json"], root);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(statuses(stdout)).toEqual({ alpha: "compiled", beta: "compiled", broken: "failed" });
    const broken = report.results.find((r: { name: string }) => r.name === "broken");
    expect(broken.diagnostics[0]).toMatchObject({ code: "FRONTMATTER_INVALID_YAML", file: "skills/broken/SKILL.md", line: 3 });
    const manifest = Manifest.parse(JSON.parse(await readFile(join(root, "compiled/alpha/manifest.json"), "utf8")));
    expect(manifest.compiler.passes).toEqual(["capability", "paths", "env", "concurrency", "templates"]);
    expect(manifest.skill.source).toBe("skills/alpha");
    expect(manifest.scripts).toEqual([{ path: "scripts/run.py", invocations: [{ line: 10, args: ["--n", "3"] }] }]);
  });

  it("writes portable artifacts: no absolute path of the compiling machine", async () => {
    await skvm(["compile", "skills", "--out", "compiled"], root);
    for (const name of ["alpha", "beta"]) {
      const files = await readdir(join(root, "compiled", name), { recursive: true, withFileTypes: true });
      expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(["manifest.json", "SKILL.md", "verify.sh", "install.sh"]));
      for (const file of files.filter((f) => f.isFile())) {
        expect(await readFile(join(file.parentPath, file.name), "utf8"), `${name}/${file.name}`).not.toContain(root);
      }
    }
  });

  it("skips unchanged skills (mtimes do not matter), recompiles edited ones, and --force recompiles all", async () => {
    await skvm(["compile", "skills", "--out", "compiled"], root);
    await utimes(join(root, "skills/alpha/SKILL.md"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(statuses((await skvm(["compile", "skills", "--out", "compiled", "--json"], root)).stdout)).toMatchObject({ alpha: "fresh", beta: "fresh" });
    await writeFile(join(root, "skills/beta/SKILL.md"), skillMd("beta", "Beta skill, edited"));
    expect(statuses((await skvm(["compile", "skills", "--out", "compiled", "--json"], root)).stdout)).toMatchObject({ alpha: "fresh", beta: "compiled" });
    expect(statuses((await skvm(["compile", "skills", "--out", "compiled", "--json", "--force"], root)).stdout)).toMatchObject({ alpha: "compiled", beta: "compiled" });
  });

  it("prunes the artifact of a deleted skill but never one that belongs to another skills root", async () => {
    await skvm(["compile", "skills", "--out", "compiled"], root);
    await writeSkill(join(root, "elsewhere"), "foreign", { "SKILL.md": skillMd("foreign", "From another root") });
    await skvm(["compile", "elsewhere", "--out", "compiled"], root);
    await rm(join(root, "skills/beta"), { recursive: true });
    const { stdout } = await skvm(["compile", "skills", "--out", "compiled", "--json"], root);
    expect(JSON.parse(stdout).pruned).toEqual(["beta"]);
    expect((await readdir(join(root, "compiled"))).sort()).toEqual(["alpha", "foreign"]);
  });

  it("prints a table and a summary for people", async () => {
    const { stdout } = await skvm(["compile", "skills", "--out", "compiled"], root);
    expect(stdout).toMatch(/skill\s+status\s+warnings\s+errors\s+time/);
    expect(stdout).toContain("error FRONTMATTER_INVALID_YAML: skills/broken/SKILL.md:3");
    expect(stdout).toContain("3 skill(s): 2 compiled, 0 fresh, 1 failed");
  });

  it("runs a user-registered pass from a module and records it in the manifest", async () => {
    await writeFile(
      join(root, "shout.mjs"),
      `export const placement = { after: "paths" };
       export default { name: "shout", description: "uppercases headings", run: (unit) => ({
         unit: { ...unit, out: { ...unit.out, body: unit.out.body.replace(/^# (.*)$/m, (_, h) => "# " + h.toUpperCase()) } },
         diagnostics: [] }) };`,
    );
    const { code } = await skvm(["compile", "skills/alpha", "--out", "compiled", "--pass", "./shout.mjs"], root);
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(join(root, "compiled/alpha/manifest.json"), "utf8"));
    expect(manifest.compiler.passes).toEqual(["capability", "paths", "shout", "env", "concurrency", "templates"]);
    expect(await readFile(join(root, "compiled/alpha/SKILL.md"), "utf8")).toContain("# STEPS");
  });

  it("recovers from being killed mid-compile: the next run leaves only valid artifacts", async () => {
    for (let i = 0; i < 300; i++) await writeSkill(join(root, "many"), `s${i}`, { "SKILL.md": skillMd(`s${i}`, `Skill ${i}`, "# x\n".repeat(200)) });
    const child = spawn(process.execPath, [CLI, "compile", "many", "--out", "out"], { cwd: root, stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 400));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const { code, stdout } = await skvm(["compile", "many", "--out", "out", "--json"], root);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary).toMatchObject({ total: 300, failed: 0 });
    for (const name of await readdir(join(root, "out"))) {
      Manifest.parse(JSON.parse(await readFile(join(root, "out", name, "manifest.json"), "utf8")));
    }
  });
});

describe("the committed compiled/ folder", () => {
  it("is fresh for the bundled skills (run `npm run compile` after editing skills/)", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "skvm-fresh-"));
    try {
      await cp(resolve("skills"), join(tmp, "skills"), { recursive: true });
      await cp(resolve("compiled"), join(tmp, "compiled"), { recursive: true });
      const { code, stdout } = await skvm(["compile", "skills", "--out", "compiled", "--json"], tmp);
      expect(code).toBe(0);
      const stale = (JSON.parse(stdout).results as { name: string; status: string }[]).filter((r) => r.status !== "fresh");
      expect(stale).toEqual([]);
      expect(JSON.parse(stdout).pruned).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
