import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseConcurrency, concurrencyFor, SMALL_FANOUT } from "../../src/dag/concurrency.js";
import { readPressure } from "../../src/dag/pressure.js";

describe("how many workflow nodes run at once", () => {
  it("runs a small fan-out at once however busy the CPU is, and scales with free CPU above that", () => {
    for (const cpu of [0, 50, 98.47, 100]) expect(concurrencyFor(2, { cpu, memory: 0 }).limit).toBeGreaterThanOrEqual(SMALL_FANOUT);
    expect(concurrencyFor(16, { cpu: 0 }).limit).toBe(32);
    expect(concurrencyFor(16, { cpu: 50 }).limit).toBe(16);
    expect(concurrencyFor(16, { cpu: 99 })).toEqual({ limit: 4, reason: "CPU pressure 99% (PSI some avg10) on 16 cores: 4 at a time; a fan-out of 4 always runs at once" });
  });

  it("drops to 2, never fewer, when memory stalls; one per core without a pressure signal", () => {
    expect(concurrencyFor(16, { cpu: 0, memory: 25 }).limit).toBe(2);
    expect(concurrencyFor(16, {})).toMatchObject({ limit: 16, reason: expect.stringContaining("no CPU pressure signal") });
    expect(concurrencyFor(2, {}).limit).toBe(SMALL_FANOUT);
  });

  it("a cap from the caller or SKVM_WORKFLOW_CONCURRENCY wins, and the reason names it", async () => {
    expect(await chooseConcurrency(1, { SKVM_WORKFLOW_CONCURRENCY: "8" })).toEqual({ limit: 1, reason: "capped at 1 by the caller (--concurrency)" });
    expect(await chooseConcurrency(undefined, { SKVM_WORKFLOW_CONCURRENCY: "8" })).toEqual({ limit: 8, reason: "capped at 8 by SKVM_WORKFLOW_CONCURRENCY" });
    expect((await chooseConcurrency(undefined, {})).limit).toBeGreaterThanOrEqual(2);
  });

  it("reads PSI's some avg10 lines and leaves out a resource it cannot read", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-psi-"));
    try {
      await writeFile(join(root, "cpu"), "some avg10=42.50 avg60=10.00 avg300=1.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
      expect(await readPressure(root)).toEqual({ cpu: 42.5 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
