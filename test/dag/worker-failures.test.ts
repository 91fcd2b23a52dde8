import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, workflowSkill, type Served } from "./fixtures.js";

const WORKERS = [
  "nodes:",
  "  - { id: exits, run: { js: 'process.exit(3)' } }",
  "  - { id: throws, run: { js: 'throw new Error(\"transform broke\")' } }",
  "  - { id: oom, run: { js: 'const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));' } }",
  "  - { id: spins, timeoutMs: 500, run: { js: 'for (;;) {}' } }",
  "  - { id: sums, run: { js: 'let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s;' } }",
  "  - { id: after-throw, run: { js: 'return 1' }, dependsOn: throws }",
  "  - { id: after-sum, run: { js: 'return deps.sums + 1' }, dependsOn: sums }",
].join("\n");

type Report = { status: string; nodes: { id: string; status: string; output?: unknown; error?: string }[] };
const byId = (r: Report) => Object.fromEntries(r.nodes.map((n) => [n.id, n]));

describe("run_workflow: workers that die mid-task", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills({ "wf-workers": { "SKILL.md": workflowSkill("wf-workers", WORKERS) } }, { SKVM_WORKER_MAX_OLD_MB: "48", SKVM_WORKFLOW_CONCURRENCY: "4" });
  });
  afterAll(() => s?.close());

  it("process.exit, a thrown error, running out of memory and a per-node timeout fail only their node; the pool recovers and the server keeps serving", async () => {
    for (let round = 0; round < 2; round++) {
      const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-workers", cwd: await s.workdir(`w${round}`) } });
      const nodes = byId(result.structuredContent as Report);
      expect(nodes.exits).toMatchObject({ status: "failed", error: expect.stringContaining("worker exited with code: 3") });
      expect(nodes.throws).toMatchObject({ status: "failed", error: "transform broke" });
      expect(nodes.oom).toMatchObject({ status: "failed", error: expect.stringContaining("ERR_WORKER_OUT_OF_MEMORY") });
      expect(nodes.spins).toMatchObject({ status: "failed", error: "timed out after 500 ms; its worker was stopped" });
      expect(nodes.sums).toMatchObject({ status: "succeeded", output: 499999500000 });
      expect(nodes["after-sum"]).toMatchObject({ status: "succeeded", output: 499999500001 });
      expect(nodes["after-throw"]).toMatchObject({ status: "skipped" });
    }
    const listed = await s.client.callTool({ name: "list_skills", arguments: {} });
    expect(listed.isError ?? false).toBe(false);
    expect(s.transportErrors).toEqual([]);
  });
});
