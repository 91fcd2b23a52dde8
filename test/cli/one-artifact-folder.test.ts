import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { connectStdio } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const exec = promisify(execFile);
const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

/** Runs a pasted command line the way a person's shell would, from `cwd`; never rejects on exit 1/2. */
async function paste(line: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec("bash", ["-c", line], { cwd, env: { ...process.env, SKVM_LOG_LEVEL: "silent", ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("every command resolves one artifact folder, and its hints work when pasted", () => {
  let root: string;
  let project: string;
  let elsewhere: string;
  const env = () => ({ SKVM_HOME: join(root, "home") });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-one-place-"));
    project = join(root, "project");
    elsewhere = join(root, "elsewhere");
    await mkdir(elsewhere, { recursive: true });
    await writeSkill(join(project, "my-skills"), "needs-tool", {
      "SKILL.md": skillMd("needs-tool", "Runs a tool that is not installed", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\nskvm-absent-tool --version\n",
    });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("compile writes where serve, env and match read, so nothing is compiled twice and the project gets no compiled/", async () => {
    const compiled = await skvm(["compile", "my-skills", "--json"], project, env());
    expect(compiled.code).toBe(0);
    const out = JSON.parse(compiled.stdout).out as string;
    expect(out.startsWith(join(root, "home"))).toBe(true);
    expect(existsSync(join(project, "compiled"))).toBe(false);
    const cached = await readdir(join(root, "home", "compiled"));
    await skvm(["env", "check", "--skills", "my-skills"], project, env());
    expect(await readdir(join(root, "home", "compiled"))).toEqual(cached);
    const again = JSON.parse((await skvm(["compile", "--skills", "my-skills", "--json"], project, env())).stdout);
    expect(again.out).toBe(out);
    expect(again.summary).toMatchObject({ compiled: 0, fresh: 1 });
  }, 180_000);

  it("the `fix with` hint of env check runs the install for that skill when pasted in another folder", async () => {
    const check = await skvm(["env", "check", "--skills", "my-skills"], project, env());
    expect(check.code).toBe(1);
    const hint = check.stdout.split("fix with:\n")[1]?.split("\n")[0]?.trim() ?? "";
    expect(hint).toMatch(/ env install needs-tool /);
    const pasted = await paste(hint, elsewhere, env());
    expect(pasted.stderr).not.toMatch(/no skill named|SKILLS_ROOT_NOT_FOUND/);
    expect(pasted.stdout).toContain("Install for needs-tool");
    expect(pasted.code).toBe(1);
  });

  it("the server's ENV_NOT_READY hint is a terminal command that works when pasted", async () => {
    const conn = await connectStdio(["--skills", join(project, "my-skills")], env());
    try {
      const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "needs-tool", script: "scripts/run.sh" } });
      const hint = /in a terminal: (.+)$/m.exec(textOf(run))?.[1] ?? "";
      expect(hint).toMatch(/ env install needs-tool /);
      const pasted = await paste(hint, elsewhere, env());
      expect(pasted.stdout).toContain("Install for needs-tool");
      expect(pasted.code).toBe(1);
    } finally {
      await conn.close();
    }
  });
});
