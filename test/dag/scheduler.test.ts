import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import type { Workflow, WorkflowNode } from "../../src/compiler/index.js";
import { runWorkflow } from "../../src/dag/runtime.js";

const shell = (id: string, code: string, dependsOn: string[] = []): WorkflowNode => ({ id, title: id, run: { kind: "code", lang: "shell", code }, dependsOn });
const flow = (nodes: WorkflowNode[], inputs: Workflow["inputs"] = []): Workflow => ({ source: "explicit", inputs, nodes, parallel: [] });
const opts = { skill: "t", skillDir: tmpdir(), cwd: tmpdir(), concurrency: 2 };

describe("the scheduler, in process", () => {
  it("refuses a hand-edited graph that could never finish, naming the cycle", async () => {
    const cyclic = flow([shell("a", "true", ["b"]), shell("b", "true", ["a"])]);
    await expect(runWorkflow(cyclic, opts)).rejects.toThrow(/^WORKFLOW_INVALID: t: dependency cycle: (a -> b -> a|b -> a -> b)/);
    await expect(runWorkflow(flow([shell("a", "true", ["ghost"])]), opts)).rejects.toThrow(/depends on "ghost"/);
  });

  it("checks inputs before anything runs", async () => {
    const wf = flow([shell("a", "true")], [{ name: "needed" }]);
    await expect(runWorkflow(wf, opts)).rejects.toThrow(/^WORKFLOW_INPUT_MISSING: input "needed" has no default/);
  });

  it("reports an instruction as the model's to-do and skips what waits for it, naming why", async () => {
    const wf = flow([
      shell("first", "echo '{\"n\": 2}'"),
      { id: "ask", title: "Ask the user", run: { kind: "instruction", text: "Ask which file" }, dependsOn: ["first"] },
      shell("after", "true", ["ask"]),
    ]);
    const report = await runWorkflow(wf, opts);
    expect(report.nodes.map((n) => [n.id, n.status, n.reason ?? null])).toEqual([
      ["first", "succeeded", null],
      ["ask", "manual", "an instruction: the model must do it"],
      ["after", "skipped", 'waits for "ask", which the model must do'],
    ]);
    expect(report.nodes[0]?.output).toEqual({ n: 2 });
    expect(report.manual).toEqual(["ask"]);
  });

  it("finishes even when a progress listener throws", async () => {
    const report = await runWorkflow(flow([shell("a", "true"), shell("b", "true", ["a"])]), {
      ...opts,
      onEvent: () => {
        throw new Error("listener broke");
      },
    });
    expect(report.status).toBe("succeeded");
  });

  it("a node that exits non-zero fails with its stderr; a process that cannot start names the command", async () => {
    const report = await runWorkflow(flow([shell("bad", "echo nope >&2; exit 4"), { id: "py", title: "py", run: { kind: "script", script: "../outside.py", args: [] }, dependsOn: [] }]), opts);
    expect(report.nodes[0]).toMatchObject({ status: "failed", error: "exit code 4: nope" });
    expect(report.nodes[1]).toMatchObject({ status: "failed", error: 'script "../outside.py" is outside the skill folder' });
  });
});
