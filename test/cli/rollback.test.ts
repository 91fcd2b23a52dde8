import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("skvm rollback: previous compiled versions kept beside the artifact", () => {
  let root: string;
  const skills = () => join(root, "skills");
  const compiled = () => join(root, "compiled");
  const env = () => ({ SKVM_HOME: join(root, "home") });
  const roots = () => ["--skills", skills(), "--compiled", compiled()];
  const edit = (version: number) => writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", `Alpha v${version}`, `# Alpha v${version}\n`));
  const compile = () => skvm(["compile", ...roots()], root, env());
  const rollback = (...args: string[]) => skvm(["rollback", "alpha", ...args, ...roots()], root, env());

  // One server for the whole file: its watcher recompiles each edit (faster than a CLI compile each).
  let server: Connected;
  const load = async () => textOf(await server.client.callTool({ name: "load_skill", arguments: { name: "alpha" } }));
  const EVENTUALLY = { timeout: 20_000, interval: 50 };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-rollback-"));
    await writeSkill(skills(), "alpha", { "SKILL.md": skillMd("alpha", "Alpha v1", "# Alpha v1\n") });
    server = await connectStdio(roots(), env());
    expect(await load()).toContain("# Alpha v1");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("says there is nothing to restore before any recompile, and refuses unknown skills", async () => {
    const none = await rollback();
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("VERSION_NOT_FOUND");
    const unknown = await skvm(["rollback", "nope", ...roots()], root, env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('SKILL_NOT_FOUND');
    expect((await skvm(["rollback", "../alpha", ...roots()], root, env())).code).toBe(2);
  }, 60_000);

  it("keeps the last 3 versions, newest first, each a whole artifact", async () => {
    for (const v of [2, 3, 4, 5]) {
      await edit(v);
      await expect.poll(load, EVENTUALLY).toContain(`# Alpha v${v}`);
    }
    const listed = await rollback("--list", "--json");
    expect(listed.code).toBe(0);
    const { current, versions } = JSON.parse(listed.stdout) as { current: { description: string }; versions: { n: number; description: string }[] };
    expect(current.description).toBe("Alpha v5");
    expect(versions.map((v) => [v.n, v.description])).toEqual([
      [4, "Alpha v4"],
      [3, "Alpha v3"],
      [2, "Alpha v2"],
    ]);
    const artifactFiles = (await readdir(join(compiled(), "alpha"))).filter((f) => f !== ".versions").sort();
    expect((await readdir(join(compiled(), "alpha/.versions/3"))).sort()).toEqual(artifactFiles);
    expect(await readFile(join(compiled(), "alpha/.versions/3/SKILL.md"), "utf8")).toContain("# Alpha v3");
    expect((await rollback("--list")).stdout).toMatch(/current[\s\S]*Alpha v5[\s\S]*Alpha v4/);
  }, 120_000);

  it("restores a version that a running server serves at once and that a compile leaves alone until the source changes", async () => {
    let promptsChanged = 0;
    server.client.setNotificationHandler('notifications/prompts/list_changed', () => void promptsChanged++);
    expect(await load()).toContain("# Alpha v5");

    const restored = await rollback("--to", "3", "--json");
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ skill: "alpha", restored: 3 });
    await expect.poll(load, EVENTUALLY).toContain("# Alpha v3");
    await expect.poll(() => promptsChanged, EVENTUALLY).toBeGreaterThan(0);

    // The source did not change: a compile keeps the rollback; the replaced v5 is a version now.
    expect((await compile()).code).toBe(0);
    expect(await readFile(join(compiled(), "alpha/SKILL.md"), "utf8")).toContain("# Alpha v3");
    const { versions } = JSON.parse((await rollback("--list", "--json")).stdout) as { versions: { description: string }[] };
    expect(versions[0]?.description).toBe("Alpha v5");

    // The next edit of the source compiles anew.
    await edit(6);
    await expect.poll(load, EVENTUALLY).toContain("# Alpha v6");
  }, 120_000);
});
