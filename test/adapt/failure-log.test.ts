import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adaptStats, appendFailure, boundRecord, failureLogDir, readFailures, type FailureRecord, type Patch } from "../../src/adapt/index.js";

const skill = { name: "log-bounds", dir: "/nonexistent/skills/log-bounds" };
afterAll(() => rm(failureLogDir(skill), { recursive: true, force: true }));

const draft = (stderr: string, cls: FailureRecord["classification"]["class"] = "unknown", subject?: string) =>
  boundRecord({ skill: skill.name, source: "run_code", target: "code", code: "x".repeat(100_000), exitCode: 1, timedOut: false, stderrTail: stderr, classification: { class: cls, ...(subject ? { subject } : {}), evidence: "e" } });

describe("failure records: bounded, persisted, rotating", () => {
  it("cuts a record to its bounds before it is written: the end of stderr, the start of the code", () => {
    const record = draft(`${"noise\n".repeat(100_000)}the real error`);
    expect(record.stderrTail.length).toBeLessThanOrEqual(2_001);
    expect(record.stderrTail.endsWith("the real error")).toBe(true);
    expect(record.code!.length).toBeLessThanOrEqual(4_001);
  });

  it("rotates past 256 KiB, keeping one older file, so a skill failing forever stays bounded on disk", async () => {
    for (let i = 0; i < 200; i++) await appendFailure(skill, draft(`failure ${i} ${"y".repeat(1_900)}`));
    const files = (await readdir(failureLogDir(skill))).filter((f) => f.startsWith("failures"));
    expect(files.sort()).toEqual(["failures.1.jsonl", "failures.jsonl"]);
    for (const f of files) expect((await stat(join(failureLogDir(skill), f))).size).toBeLessThan(2 * 256 * 1024);
    const kept = await readFailures(skill);
    expect(kept.length).toBeLessThan(200);
    // The newest are kept, oldest first.
    expect(kept.at(-1)!.stderrTail).toContain("failure 199 ");
    expect(kept.map((r) => Number(/failure (\d+)/.exec(r.stderrTail)![1]))).toEqual([...kept.keys()].map((i) => 200 - kept.length + i));
  });
});

describe("adaptStats: did a patch hold", () => {
  const at = (iso: string, r: FailureRecord) => ({ ...r, at: iso });
  it("counts the failures of the patch's class and subject before and since it", () => {
    const before = at("2026-11-30T10:00:00.000Z", draft("", "command-not-found", "jq"));
    const since = at("2026-11-30T12:00:00.000Z", draft("", "command-not-found", "jq"));
    const other = at("2026-11-30T12:00:00.000Z", draft("", "command-not-found", "yq"));
    const patch: Patch = {
      id: "p-1",
      kind: "require",
      requirement: { kind: "bins", name: "jq" },
      createdAt: "2026-11-30T11:00:00.000Z",
      status: "applied",
      evidence: { class: "command-not-found", failures: [before.id], excerpt: "jq: command not found" },
      summary: "executable jq",
    };
    expect(adaptStats([before, since, other], [patch])).toEqual({
      failures: { "command-not-found": 3 },
      totalFailures: 3,
      patchesApplied: 1,
      fixes: [{ patch: "p-1", kind: "require", status: "applied", class: "command-not-found", subject: "jq", before: 1, after: 1 }],
    });
  });
});
