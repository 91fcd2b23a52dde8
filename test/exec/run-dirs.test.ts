import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sweepOrphanRunDirs } from "../../src/exec/index.js";

describe("run folders left by killed servers", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-sweep-test-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removes the folders of a process that is gone and keeps those of live ones and anything else", async () => {
    // PIDs never reach 2^31 - 1 on Linux (pid_max is at most 2^22), so this owner is gone.
    const gone = "skvm-run-2147483646-a1b2c3";
    const live = `skvm-run-${process.pid}-d4e5f6`;
    for (const name of [gone, live, "skvm-run-X1y2Z3", "other-folder"]) await mkdir(join(root, name, "sub"), { recursive: true });
    expect(await sweepOrphanRunDirs(root)).toBe(1);
    expect((await readdir(root)).sort()).toEqual(["other-folder", "skvm-run-X1y2Z3", live].sort());
  });
});
