import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyLoad } from "../helpers/busy-load.js";
import { surveySkill } from "../helpers/survey-skill.js";
import { serveSkills, type Served } from "./fixtures.js";

type Report = {
  status: string;
  concurrency: number;
  concurrencyReason: string;
  peakConcurrency: number;
  durationMs: number;
  nodes: { id: string; status: string; startedMs?: number; durationMs?: number }[];
  criticalPath: { nodes: string[]; durationMs: number };
  parallelism: { busyMs: number; realized: number; possible: number };
};

describe("the code-survey scenario on a loaded machine (issue 10)", () => {
  let s: Served;
  let load: Awaited<ReturnType<typeof busyLoad>> | undefined;
  beforeAll(async () => {
    s = await serveSkills({ "code-survey": surveySkill(1) });
    load = await busyLoad();
  }, 180_000);
  afterAll(async () => {
    await load?.stop();
    await s?.close();
  });

  it("run_workflow writes loc.txt, todos.txt, largest.txt via `>`, runs the three at once, and reports critical path, wall time and concurrency", async () => {
    expect(load?.loadAboveCores, "the 1-minute load average never rose above the core count").toBe(true);
    const cwd = await s.workdir("survey");
    await mkdir(join(cwd, "src"));
    await writeFile(join(cwd, "src", "a.ts"), "// TODO one\nconst a = 1;\n");
    await writeFile(join(cwd, "src", "big.ts"), "// TODO two\n".repeat(50));
    const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "code-survey", cwd } }, { timeout: 120_000 });
    const report = result.structuredContent as Report;
    expect(report.status, JSON.stringify(report.nodes)).toBe("succeeded");
    expect(await readFile(join(cwd, "summary.txt"), "utf8")).toBe("lines: 52\ntodos: 51\nlargest: big.ts\n");

    // All three started before any of them finished.
    const three = report.nodes.filter((n) => ["step-1", "step-2", "step-3"].includes(n.id));
    const lastStart = Math.max(...three.map((n) => n.startedMs ?? Infinity));
    const firstEnd = Math.min(...three.map((n) => (n.startedMs ?? 0) + (n.durationMs ?? 0)));
    expect(lastStart, JSON.stringify(three)).toBeLessThan(firstEnd);
    expect(report.peakConcurrency).toBe(3);
    expect(report.concurrency).toBeGreaterThanOrEqual(3);
    expect(report.concurrencyReason).toMatch(/pressure|one node per core/);

    expect(report.criticalPath.nodes).toHaveLength(2);
    expect(report.criticalPath.nodes[1]).toBe("step-4");
    expect(report.durationMs).toBeGreaterThanOrEqual(report.criticalPath.durationMs);
    const busy = report.nodes.reduce((sum, n) => sum + (n.durationMs ?? 0), 0);
    expect(report.parallelism.busyMs).toBe(busy);
    expect(report.parallelism.realized).toBeCloseTo(busy / report.durationMs, 1);
    expect(report.parallelism.possible).toBeCloseTo(busy / report.criticalPath.durationMs, 1);
    const text = (result.content as { text: string }[])[0]?.text ?? "";
    expect(text).toContain(`concurrency: up to ${report.concurrency} at once (${report.concurrencyReason}); 3 ran at once at most`);
    expect(text).toContain(`wall time ${report.durationMs} ms`);
  }, 180_000);
});
