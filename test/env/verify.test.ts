import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvChecker, runVerify, type EnvSkill } from "../../src/env/index.js";
import { compiledSkill, tempDir } from "./fixture.js";

let root: string;
beforeAll(async () => {
  root = await tempDir("run-verify");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("runVerify", () => {
  it("does not run anything for a skill whose manifest has no env section", async () => {
    const skill: EnvSkill = { name: "bare", manifest: {}, dir: root, compiledDir: join(root, "does-not-exist") };
    expect(await runVerify(skill)).toEqual({ ready: true, missing: [], optionalMissing: [], rejected: [] });
  });

  it("kills a verify that hangs and reports the timeout instead of hanging", async () => {
    const skill = await compiledSkill(root, "hang", { verify: "sleep 100\n" });
    const verdict = await runVerify(skill, { timeoutMs: 300 });
    expect(verdict).toMatchObject({ ready: false, missing: [], error: expect.stringContaining("timed out") });
    const checked = await new EnvChecker({ timeoutMs: 300 }).check(skill);
    expect(checked.error).toContain("timed out");
  });

  it("stops when the caller aborts", async () => {
    const skill = await compiledSkill(root, "abort", { verify: "sleep 100\n" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await runVerify(skill, { signal: controller.signal })).toMatchObject({ ready: false, error: expect.stringContaining("cancelled") });
  });

  it("turns garbage, a crash or a bad verdict into an error, never a verdict", async () => {
    const cases: [string, string][] = [
      ["echo not json\n", "without a JSON report"],
      ["echo oops >&2\nexit 3\n", "exited with 3"],
      ['echo \'{"ready":"yes"}\'\n', "invalid report"],
    ];
    for (const [verify, message] of cases) {
      const skill = await compiledSkill(root, "bad", { verify });
      expect(await runVerify(skill)).toMatchObject({ ready: false, error: expect.stringContaining(message) });
    }
  });

  it("refuses a manifest whose verify path leaves the compiled folder", async () => {
    const skill = await compiledSkill(root, "escape");
    const env = { ...skill.manifest.env!, verify: "../../../../etc/passwd" };
    const verdict = await runVerify({ ...skill, manifest: { env } });
    expect(verdict).toMatchObject({ ready: false, error: expect.stringContaining("ENV_SCRIPT_OUTSIDE") });
  });
});
