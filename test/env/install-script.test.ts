import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInstall, runtimeEnvFor, runVerify, skillStateDir } from "../../src/env/index.js";
import { binDir, compiledSkill, req, tempDir } from "./fixture.js";

let root: string;
beforeAll(async () => {
  root = await tempDir("install");
});
afterAll(() => rm(root, { recursive: true, force: true }));

const venvWorks = (() => {
  try {
    execFileSync("python3", ["-c", "import venv, ensurepip"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("install.sh: npm packages (real registry)", () => {
  it("installs a missing package into the per-skill prefix, after which verify is ready", async () => {
    const skill = await compiledSkill(root, "npm", { requires: { node: [req("is-number")], bins: [req("bash")] } });
    expect(await runVerify(skill)).toMatchObject({ ready: false, missing: [{ kind: "node", name: "is-number" }] });

    const progress: string[] = [];
    const report = await runInstall(skill, { onProgress: (line) => progress.push(line) });
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ dryRun: false, failed: [], installed: [{ kind: "node", name: "is-number" }] });
    expect(report.alreadyPresent).toContainEqual({ kind: "bins", name: "bash" });
    expect(progress).toContain("npm install is-number");
    expect(existsSync(join(skillStateDir(skill), "node/node_modules/is-number/package.json"))).toBe(true);
    expect(await runVerify(skill)).toMatchObject({ ready: true, missing: [] });

    // Idempotent: a second run finds it and installs nothing.
    const again = await runInstall(skill);
    expect(again).toMatchObject({ installed: [], failed: [] });
    expect(again.alreadyPresent).toContainEqual({ kind: "node", name: "is-number" });

    // The skill's scripts see the prefix; PATH is left alone because is-number has no executables (.bin).
    expect(runtimeEnvFor(skill, "/usr/bin")).toEqual({ NODE_PATH: join(skillStateDir(skill), "node/node_modules"), NODE_OPTIONS: expect.stringMatching(/^--import=file:.*node-path-hooks\.js$/) });
  });
});

describe("install.sh: python and system packages", () => {
  it("--dry-run plans the virtualenv install and the system package and changes nothing", async () => {
    const skill = await compiledSkill(root, "py-dry", {
      requires: { python: [req("json-fake", { import: "json" }), req("definitely-missing-dist", { import: "definitely_missing_mod_xyz" })] },
      systemPackages: [{ manager: "brew", name: "skvm-no-such-formula", bins: ["skvm-no-such-tool-xyz"], origins: ["test"] }],
    });
    const report = await runInstall(skill, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, installed: [], failed: [] });
    expect(report.alreadyPresent).toContainEqual({ kind: "python", name: "json-fake" });
    const planned = report.planned.find((p) => p.name === "definitely-missing-dist");
    expect(planned?.command).toContain("-m venv --system-site-packages");
    expect(planned?.command).toContain("pip install definitely-missing-dist");
    const brew = [...report.planned, ...report.skipped].find((p) => p.name === "skvm-no-such-formula");
    expect(brew?.command).toContain("brew install skvm-no-such-formula");
    expect(existsSync(join(skillStateDir(skill), "venv"))).toBe(false);
  });

  it("never installs system packages unless the user opted in with SKVM_ALLOW_SYSTEM_PACKAGES=1", async () => {
    const skill = await compiledSkill(root, "sys-no-optin", {
      systemPackages: [{ manager: "apt", name: "skvm-no-such-package", bins: ["skvm-no-such-tool-xyz"], origins: ["test"] }],
    });
    const report = await runInstall(skill, { parent: { ...process.env, SKVM_ALLOW_SYSTEM_PACKAGES: undefined } });
    expect(report.installed).toEqual([]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({ kind: "system", name: "skvm-no-such-package", reason: expect.stringContaining("SKVM_ALLOW_SYSTEM_PACKAGES=1") }),
    );
  });

  it.skipIf(!venvWorks)("creates the per-skill virtualenv and reports a package pip cannot get as failed", async () => {
    const skill = await compiledSkill(root, "py-venv", {
      requires: { python: [req("definitely-missing-dist-xyz", { import: "definitely_missing_mod_xyz" })] },
    });
    // PIP_NO_INDEX keeps pip off the network: the venv is made, nothing is installed.
    const report = await runInstall(skill, { parent: { ...process.env, PIP_NO_INDEX: "1" } });
    const venv = join(skillStateDir(skill), "venv");
    expect(existsSync(join(venv, "bin/python3"))).toBe(true);
    expect(report.installed).toEqual([]);
    expect(report.failed).toEqual([{ kind: "python", name: "definitely-missing-dist-xyz", error: expect.stringContaining("pip install failed") }]);
    expect(runtimeEnvFor(skill, "/usr/bin")).toMatchObject({ VIRTUAL_ENV: venv, PATH: `${join(venv, "bin")}${delimiter}/usr/bin` });
    // verify now uses the venv's python, which still sees the standard library and not the missing module.
    expect(await runVerify(skill)).toMatchObject({ ready: false, missing: [{ kind: "python", name: "definitely-missing-dist-xyz" }] });
  });

  it("reports variables and executables nobody can install as skipped, with the reason", async () => {
    const skill = await compiledSkill(root, "skips", {
      requires: { env: [req("SKVM_TEST_UNSET_VAR")], bins: [req("skvm-no-such-tool-xyz")] },
    });
    const report = await runInstall(skill, { parent: { ...process.env, SKVM_TEST_UNSET_VAR: undefined } });
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ kind: "bins", name: "skvm-no-such-tool-xyz", reason: expect.stringContaining("not on PATH") }),
      expect.objectContaining({ kind: "env", name: "SKVM_TEST_UNSET_VAR", command: "export SKVM_TEST_UNSET_VAR=..." }),
    ]);
  });

  it("installs nothing on a platform the skill does not support", async () => {
    const skill = await compiledSkill(root, "os", { os: ["plan9"], requires: { node: [req("is-number")] } });
    const report = await runInstall(skill);
    expect(report).toMatchObject({ installed: [], planned: [], skipped: [{ kind: "os", reason: expect.stringContaining("plan9") }] });
  });
});

describe("install.sh: hostile input", () => {
  it("never executes a hostile name, in a plan or otherwise", async () => {
    const marker = join(root, "pwned");
    const hostile = [`$(touch ${marker})`, `a'; touch ${marker}; '`, `--x=$(touch ${marker})`];
    const skill = await compiledSkill(root, "hostile", {
      requires: { python: hostile.map((h) => req(h)), node: hostile.map((h) => req(h)), bins: hostile.map((h) => req(h)), env: hostile.map((h) => req(h)) },
      systemPackages: hostile.map((name) => ({ manager: "apt" as const, name, bins: [], origins: ["test"] })),
    });
    const report = await runInstall(skill, { dryRun: true });
    expect(existsSync(marker)).toBe(false);
    expect(report).toMatchObject({ planned: [], installed: [], failed: [] });
    expect(report.rejected).toHaveLength(hostile.length * 5);
  });

  it("reports a failing tool's output (quotes, backslashes, control characters) as valid JSON", async () => {
    const noisy = String.raw`#!/bin/sh
printf 'npm ERR! "quoted" back\\slash\ttab\033[31mred\001\n' >&2
exit 1
`;
    const bin = await binDir(root, "npm", noisy);
    const skill = await compiledSkill(root, "noisy", { requires: { node: [req("definitely-missing-npm-xyz")] } });
    const report = await runInstall(skill, { parent: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` } });
    expect(report.error).toBeUndefined();
    expect(report.failed).toEqual([{ kind: "node", name: "definitely-missing-npm-xyz", error: expect.stringContaining('npm ERR! "quoted" back\\slash\ttab[31mred') }]);
    expect(report.failed[0]?.error).not.toMatch(/[\u0000-\u0008\u001b]/);
  });
});

describe("runtimeEnvFor", () => {
  it("adds nothing but declared variables when the skill has no per-skill prefixes", async () => {
    const skill = await compiledSkill(root, "plain", { requires: { env: [req("SKVM_TEST_DECLARED")] } });
    process.env.SKVM_TEST_DECLARED = "value";
    try {
      // Declared is not enough: the user must allow the variable.
      expect(runtimeEnvFor(skill, "/usr/bin")).toEqual({});
      process.env.SKVM_ALLOW_ENV = "OTHER,SKVM_TEST_DECLARED";
      expect(runtimeEnvFor(skill, "/usr/bin")).toEqual({ SKVM_TEST_DECLARED: "value" });
    } finally {
      delete process.env.SKVM_TEST_DECLARED;
      delete process.env.SKVM_ALLOW_ENV;
    }
  });
});
