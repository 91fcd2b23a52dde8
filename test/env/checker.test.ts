import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvChecker, skillStateDir, type EnvSkill } from "../../src/env/index.js";
import { compiledSkill, tempDir } from "./fixture.js";

let root: string;
beforeAll(async () => {
  root = await tempDir("checker");
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A verify.sh that counts its runs in a file and reports ready. */
async function countingSkill(label: string): Promise<{ skill: EnvSkill; runs: () => Promise<number> }> {
  const counter = join(root, `${label}.runs`);
  const verify = `echo run >> '${counter}'\necho '{"ready":true,"missing":[]}'\n`;
  const skill = await compiledSkill(root, label, { verify });
  const runs = async () => (existsSync(counter) ? (await readFile(counter, "utf8")).trim().split("\n").length : 0);
  return { skill, runs };
}

describe("EnvChecker", () => {
  it("answers a second check from its cache, and a new checker (a restart) from disk", async () => {
    const { skill, runs } = await countingSkill("hit");
    const checker = new EnvChecker();
    expect(await checker.check(skill)).toMatchObject({ ready: true });
    expect(await checker.check(skill)).toMatchObject({ ready: true });
    expect(await runs()).toBe(1);
    expect(existsSync(join(skillStateDir(skill), "verdict.json"))).toBe(true);
    await new EnvChecker().check(skill);
    expect(await runs()).toBe(1);
  });

  it("shares one run between concurrent checks of the same skill", async () => {
    const { skill, runs } = await countingSkill("concurrent");
    const checker = new EnvChecker();
    await Promise.all([checker.check(skill), checker.check(skill), checker.check(skill)]);
    expect(await runs()).toBe(1);
  });

  it("runs verify again once the TTL has passed", async () => {
    const { skill, runs } = await countingSkill("ttl");
    let now = 1_000_000;
    const checker = new EnvChecker({ ttlMs: 60_000, now: () => now });
    await checker.check(skill);
    now += 59_000;
    await checker.check(skill);
    expect(await runs()).toBe(1);
    now += 2_000;
    await checker.check(skill);
    expect(await runs()).toBe(2);
  });

  it("misses the cache when PATH changes", async () => {
    const { skill, runs } = await countingSkill("path");
    const parent = { ...process.env };
    const checker = new EnvChecker({ parent });
    await checker.check(skill);
    parent.PATH = `${root}:${process.env.PATH}`;
    await checker.check(skill);
    expect(await runs()).toBe(2);
  });

  it("runs verify again after invalidate(), also for a new checker", async () => {
    const { skill, runs } = await countingSkill("invalidate");
    const checker = new EnvChecker();
    await checker.check(skill);
    checker.invalidate(skill);
    await checker.check(skill);
    expect(await runs()).toBe(2);
    await new EnvChecker().invalidate(skill);
    await new EnvChecker().check(skill);
    expect(await runs()).toBe(3);
  });

  it("checks many skills at once, keeping their order, and treats a skill without env as ready", async () => {
    const a = await countingSkill("all-a");
    const b = await countingSkill("all-b");
    const bare: EnvSkill = { name: "no-env", manifest: {}, dir: root, compiledDir: join(root, "nowhere") };
    const verdicts = await new EnvChecker().checkAll([a.skill, bare, b.skill], { concurrency: 2 });
    expect(verdicts.map((v) => v.ready)).toEqual([true, true, true]);
    expect([await a.runs(), await b.runs()]).toEqual([1, 1]);
  });

  it("does not persist an error verdict, so the next process tries again", async () => {
    const skill = await compiledSkill(root, "crash", { verify: "exit 7\n" });
    const verdict = await new EnvChecker().check(skill);
    expect(verdict).toMatchObject({ ready: false, error: expect.stringContaining("exited with 7") });
    expect(existsSync(join(skillStateDir(skill), "verdict.json"))).toBe(false);
  });
});
