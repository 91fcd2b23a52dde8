import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { listedWhenChecked } from "../helpers/list-skills.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("environment checks gate what a skill offers", () => {
  let root: string;
  let binDir: string;
  let conn: Connected;
  let listChanged = 0;
  const listed = (name: string) => listedWhenChecked(conn.client, name);
  const toolNames = async () => (await conn.client.listTools()).tools.map((t) => t.name);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-env-"));
    binDir = join(root, "bin");
    await mkdir(binDir);
    const skills = join(root, "skills");
    await writeSkill(skills, "needs-tool", {
      "SKILL.md": skillMd("needs-tool", "Runs a tool that is not installed yet", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\nskvm-fake-tool --version\n",
    });
    await writeSkill(skills, "needs-npm", {
      "SKILL.md": skillMd("needs-npm", "Uses an npm package", "# Run\n\n```bash\nnode scripts/main.cjs 42\n```\n"),
      "scripts/main.cjs": "const isNumber = require('is-number');\nconsole.log(`is number: ${isNumber(process.argv[2])}`);\n",
    });
    // The server's PATH has an empty folder of our own, where the missing tool appears later.
    conn = await connectStdio(["--skills", skills, "--compiled", join(root, "compiled")], { PATH: `${binDir}:${process.env.PATH}` });
    conn.client.setNotificationHandler('notifications/tools/list_changed', () => void listChanged++);
  });
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("lists a not-ready skill with exactly what is missing, and does not offer it as a tool", async () => {
    expect(await listed("needs-tool")).toMatchObject({ ready: false, missing: [{ kind: "bins", name: "skvm-fake-tool" }] });
    expect(await listed("needs-npm")).toMatchObject({ ready: false, missing: [{ kind: "node", name: "is-number" }] });
    const tools = await toolNames();
    expect(tools).toContain("env_setup");
    expect(tools).not.toContain("needs-tool");
    const load = await conn.client.callTool({ name: "load_skill", arguments: { name: "needs-tool" } });
    expect(textOf(load)).toContain("ENV_NOT_READY");
    const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "needs-tool", script: "scripts/run.sh" } });
    expect(run.isError).toBe(true);
    expect(textOf(run)).toMatch(/ENV_NOT_READY.*executable skvm-fake-tool.*env_setup/);
  });

  it("becomes ready once the executable is on PATH: env_setup re-checks and the tool list changes", async () => {
    const tool = join(binDir, "skvm-fake-tool");
    await writeFile(tool, "#!/bin/sh\necho fake-tool 1.0\n");
    await chmod(tool, 0o755);
    const before = listChanged;
    const setup = await conn.client.callTool({ name: "env_setup", arguments: { skill: "needs-tool" } });
    expect(textOf(setup)).toContain('skill "needs-tool" is ready');
    await expect.poll(() => listChanged).toBeGreaterThan(before);
    expect(await toolNames()).toContain("needs-tool");
    const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "needs-tool", script: "scripts/run.sh" } });
    expect(textOf(run)).toContain("fake-tool 1.0");
  });

  it("installs a missing npm package from the registry into the skill's own prefix, then runs with it", async () => {
    const dry = await conn.client.callTool({ name: "env_setup", arguments: { skill: "needs-npm", dryRun: true } });
    expect(textOf(dry)).toContain("Dry run");
    expect(await listed("needs-npm")).toMatchObject({ ready: false });
    const before = listChanged;
    const setup = await conn.client.callTool({ name: "env_setup", arguments: { skill: "needs-npm" } }, { timeout: 180_000 });
    expect(textOf(setup)).toContain('skill "needs-npm" is ready');
    await expect.poll(() => listChanged).toBeGreaterThan(before);
    const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "needs-npm", script: "scripts/main.cjs", args: ["42"] } });
    expect(textOf(run)).toContain("is number: true");
  }, 200_000);
});
