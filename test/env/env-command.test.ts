import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { delimiter, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installScript, verifyScript } from "../../src/compiler/passes/env/scripts/index.js";
import type { EnvManifest } from "../../src/compiler/passes/env/schema.js";
import { binDir, req, requires, tempDir, uniqueName } from "./fixture.js";

const exec = promisify(execFile);
const CLI = resolve("dist/bin/skvm.js");

async function skvm(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, env: { ...env, SKVM_LOG_LEVEL: "silent" } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let root: string;
let name: string;
const dirs = ["--skills", "skills", "--compiled", "compiled"];

/**
 * The real compiler makes the artifact; the env section and scripts are then written by hand, as
 * PASS-2 would. The compiler keeps it: the source is unchanged, so the artifact counts as fresh.
 * The compile runs with its own SKVM_HOME: the catalog would otherwise start from the compile
 * cache's snapshot, which predates the hand-written env section and is kept while sourceHash matches.
 */
beforeAll(async () => {
  root = await tempDir("cli");
  name = uniqueName("cli");
  await mkdir(join(root, "skills", name), { recursive: true });
  await writeFile(join(root, "skills", name, "SKILL.md"), `---\nname: ${name}\ndescription: Needs a tool\n---\n# Use\n\nRun skvm-cli-tool.\n`);
  const compiled = await skvm(["compile", "skills", "--out", "compiled"], root, { ...process.env, SKVM_HOME: join(root, "compile-home") });
  expect(compiled.code).toBe(0);
  const env: EnvManifest = {
    requires: requires({ bins: [req("bash"), req("skvm-cli-tool")] }),
    verify: "env/verify.sh",
    install: "env/install.sh",
    systemPackages: [],
    os: [],
  };
  const dir = join(root, "compiled", name);
  await mkdir(join(dir, "env"), { recursive: true });
  await writeFile(join(dir, env.verify), verifyScript(env));
  await writeFile(join(dir, env.install), installScript(env));
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
  await writeFile(join(dir, "manifest.json"), JSON.stringify({ ...manifest, env }, null, 2));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("skvm env", () => {
  it("check --json reports the missing executable and exits 1", async () => {
    const { code, stdout } = await skvm(["env", "check", ...dirs, "--json"], root);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).skills).toEqual([
      expect.objectContaining({ name, ready: false, missing: [{ kind: "bins", name: "skvm-cli-tool" }] }),
    ]);
  });

  it("check exits 0 once the executable is on PATH, and prints a table for people", async () => {
    const bin = await binDir(root, "skvm-cli-tool");
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };
    const { code, stdout } = await skvm(["env", "check", name, ...dirs], root, env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^skill\s+ready\s+missing/);
    expect(stdout).toMatch(new RegExp(`${name}\\s+yes`));
  });

  it("install --dry-run prints the plan and the verdict", async () => {
    const { code, stdout } = await skvm(["env", "install", name, "--dry-run", ...dirs, "--json"], root);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.report).toMatchObject({ dryRun: true, failed: [], alreadyPresent: [{ kind: "bins", name: "bash" }] });
    expect(out.report.skipped).toEqual([expect.objectContaining({ kind: "bins", name: "skvm-cli-tool" })]);
    expect(out.verdict).toMatchObject({ ready: false });
  });

  it("names an unknown skill and exits 2", async () => {
    const { code, stderr } = await skvm(["env", "check", "no-such-skill", ...dirs], root);
    expect(code).toBe(2);
    expect(stderr).toContain('no skill named "no-such-skill"');
  });
});
