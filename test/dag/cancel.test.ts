import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { allExist, eventually, serveSkills, workflowSkill, type Served } from "./fixtures.js";

// Writes its pid where told, then sleeps far longer than any test waits.
const SLOW = "import os, sys, time\nopen(sys.argv[1], 'w').write(str(os.getpid()))\ntime.sleep(120)\n";
// Processes run in a PID namespace, so the pids they write mean nothing here: they are found by argv.
const GRANDCHILD_SLEEP = uniqueSleep();
const SLOW_WORKFLOW = [
  "nodes:",
  "  - { id: a, run: 'python3 scripts/slow.py a.pid' }",
  "  - { id: b, run: 'python3 scripts/slow.py b.pid' }",
  // A grandchild in the background: only a process-group kill reaches it.
  `  - { id: c, run: { shell: 'sleep ${GRANDCHILD_SLEEP} & echo $! > c.pid; wait' } }`,
  "  - { id: after, run: 'echo never', dependsOn: [a, b, c] }",
].join("\n");
const POLICY_WORKFLOW = [
  "nodes:",
  "  - { id: fails, run: { shell: 'echo broken >&2; exit 3' } }",
  "  - { id: slow, run: 'python3 scripts/slow.py slow.pid' }",
  "  - { id: after-fail, run: 'echo never', dependsOn: fails }",
  "  - { id: after-slow, run: 'echo never', dependsOn: slow }",
].join("\n");

const CONTINUE_WORKFLOW = [
  "nodes:",
  "  - { id: fails, run: { shell: 'exit 3' } }",
  "  - { id: fine, run: 'echo fine' }",
  "  - { id: after-fail, run: 'echo never', dependsOn: fails }",
  "  - { id: after-fine, run: 'echo also fine', dependsOn: fine }",
].join("\n");

type Report = { status: string; nodes: { id: string; status: string; error?: string; reason?: string }[] };

describe("run_workflow cancellation and failure policy", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills(
      {
        "wf-slow": { "SKILL.md": workflowSkill("wf-slow", SLOW_WORKFLOW), "scripts/slow.py": SLOW },
        "wf-policy": { "SKILL.md": workflowSkill("wf-policy", POLICY_WORKFLOW), "scripts/slow.py": SLOW },
        "wf-continue": { "SKILL.md": workflowSkill("wf-continue", CONTINUE_WORKFLOW) },
      },
      { SKVM_WORKFLOW_CONCURRENCY: "4" },
    );
  });
  afterAll(() => s?.close());

  it("cancelling the request stops every running node and kills their processes, grandchildren included", async () => {
    const cwd = await s.workdir("cancel");
    const abort = new AbortController();
    const call = s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-slow", cwd } }, { signal: abort.signal });
    call.catch(() => undefined);
    const files = ["a.pid", "b.pid", "c.pid"].map((f) => join(cwd, f));
    expect(await eventually(() => allExist(files) && files.every((f) => readFileSync(f, "utf8").trim() !== ""))).toBe(true);
    const scripts = join(s.root, "skills", "wf-slow");
    expect(runningWith(scripts).length).toBeGreaterThanOrEqual(2); // each with its launcher
    // `$!` is written once the shell has forked, which can be before the child has become `sleep`.
    expect(await eventually(() => runningWith(GRANDCHILD_SLEEP).length >= 1)).toBe(true);
    abort.abort();
    await expect(call).rejects.toThrow();
    expect(await eventually(() => runningWith(scripts).length === 0 && runningWith(GRANDCHILD_SLEEP).length === 0)).toBe(true);

    // The server is still there and runs the next workflow.
    const next = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-continue", cwd: await s.workdir("after-cancel") } });
    expect((next.structuredContent as Report).status).toBe("failed");
  });

  it("policy continue (the default): a failure skips only its dependents, independent branches finish", async () => {
    const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-continue", cwd: await s.workdir("continue") } });
    const report = result.structuredContent as Report;
    expect(result.isError).toBe(true);
    expect(Object.fromEntries(report.nodes.map((n) => [n.id, n.status]))).toEqual({
      fails: "failed",
      fine: "succeeded",
      "after-fail": "skipped",
      "after-fine": "succeeded",
    });
  });

  it("policy cancel: the first failure cancels running and waiting nodes", async () => {
    const cwd = await s.workdir("policy");
    const cancelled = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-policy", cwd, policy: "cancel" } });
    const report = cancelled.structuredContent as Report;
    expect(cancelled.isError).toBe(true);
    expect(report.status).toBe("failed");
    expect(Object.fromEntries(report.nodes.map((n) => [n.id, n.status]))).toEqual({
      fails: "failed",
      slow: "cancelled",
      "after-fail": "skipped",
      "after-slow": "cancelled",
    });
    expect(report.nodes[0]?.error).toBe("exit code 3: broken");
    expect(report.nodes[2]?.reason).toBe('dependency "fails" failed');
  });
});
