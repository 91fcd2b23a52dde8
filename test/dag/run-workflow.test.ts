import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, workflowSkill, type Served } from "./fixtures.js";

const ECHO = "import json, sys\nprint(json.dumps(sys.argv[1:]))\n";
const ARGS_WORKFLOW = [
  "inputs:",
  "  who: nobody",
  "  n: '1'",
  "  items: []",
  "nodes:",
  "  - id: echo",
  "    run: { script: scripts/echo.py, args: ['{who}', --n, '{n}'] }",
  "  - id: each",
  "    forEach: { over: items, as: item }",
  "    run: { script: scripts/echo.py, args: ['<item>'] }",
  "  - id: count",
  "    dependsOn: [echo, each]",
  "    run: { js: 'return { items: deps.each.length, first: deps.echo[0] }' }",
  "  - id: env",
  "    run: { shell: 'printf %s \"$SKVM_INPUT_WHO\"' }",
].join("\n");

type Report = {
  status: string;
  nodes: { id: string; status: string; output?: unknown; error?: string; reason?: string; durationMs?: number }[];
  criticalPath: { nodes: string[] };
  manual: string[];
};
const node = (r: Report, id: string) => r.nodes.find((n) => n.id === id);

describe("run_workflow through the SDK client", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills(
      {
        "wf-args": { "SKILL.md": workflowSkill("wf-args", ARGS_WORKFLOW), "scripts/echo.py": ECHO },
        "no-steps": { "SKILL.md": "---\nname: no-steps\ndescription: Nothing to run\n---\n# Use\n\nJust read this.\n" },
      },
      { SKVM_WORKFLOW_CONCURRENCY: "4" },
      ["csv-report"],
    );
  });
  afterAll(() => s?.close());

  it("runs csv-report: steps 2-4 after step 1, step 5 after them, progress notifications in order", async () => {
    const cwd = await s.workdir("csv");
    await writeFile(join(cwd, "sales.csv"), "region,price,qty\nnorth,10.5,3\nsouth,12,4\neast,9.75,2\nwest,400,1\n");
    // Observed on the wire: the SDK client (1.32) dispatches progress handlers a microtask late and drops
    // the ones that arrive in the same read as the response (typescript-sdk#2580), so onprogress alone may miss the last few.
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const transport = s.client.transport;
    const forward = transport?.onmessage;
    if (transport) {
      transport.onmessage = (message, extra) => {
        if ("method" in message && message.method === "notifications/progress") progress.push(message.params as (typeof progress)[number]);
        forward?.(message, extra);
      };
    }
    let viaSdk = 0;
    const result = await s.client.callTool(
      { name: "run_workflow", arguments: { skill: "csv-report", inputs: { "data.csv": "sales.csv" }, cwd } },
      { onprogress: () => viaSdk++ },
    );
    if (transport) transport.onmessage = forward;
    expect(viaSdk).toBeGreaterThan(0);
    const report = result.structuredContent as Report;
    expect(result.isError ?? false, JSON.stringify(report?.nodes ?? result.content)).toBe(false);
    expect(report.nodes.map((n) => [n.id, n.status])).toEqual([
      ["step-1", "succeeded"],
      ["step-2", "succeeded"],
      ["step-3", "succeeded"],
      ["step-4", "succeeded"],
      ["step-5", "succeeded"],
      ["step-6", "manual"],
    ]);
    expect(await readFile(join(cwd, "report.md"), "utf8")).toContain("price");
    expect(report.manual).toEqual(["step-6"]);
    expect(report.criticalPath.nodes[0]).toBe("step-1");
    expect(report.criticalPath.nodes.at(-1)).toBe("step-5");

    // Progress rises strictly, ends at the total, and every node starts before it finishes.
    const values = progress.map((p) => p.progress);
    const seen = JSON.stringify(progress);
    expect(values, seen).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size, seen).toBe(values.length);
    expect(progress.at(-1), seen).toMatchObject({ progress: 6, total: 6 });
    const order = progress.map((p) => /^(started|finished) ([\w.-]+)/.exec(p.message ?? "")?.slice(1, 3).join(" "));
    const at = (event: string) => order.indexOf(event);
    for (const id of ["step-2", "step-3", "step-4"]) {
      expect(at(`started ${id}`), seen).toBeGreaterThan(at("finished step-1"));
      expect(at(`started step-5`), seen).toBeGreaterThan(at(`finished ${id}`));
    }
    expect(at("finished step-6"), seen).toBeGreaterThan(at("finished step-5"));
  });

  it("passes inputs as argv data, maps over a list, and hands dependency outputs to a JS transform", async () => {
    const cwd = await s.workdir("args");
    const who = "a b; rm -rf / $(touch pwned) `x`";
    const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-args", inputs: { who, n: "3", items: ["x", "y z", "w"] }, cwd } });
    const report = result.structuredContent as Report;
    expect(report.status).toBe("succeeded");
    expect(node(report, "echo")?.output).toEqual([who, "--n", "3"]);
    expect(node(report, "each")?.output).toEqual([["x"], ["y z"], ["w"]]);
    expect(node(report, "count")?.output).toEqual({ items: 3, first: who });
    expect(node(report, "env")?.output).toBe(who);
  });

  it("refuses unknown and missing inputs, unknown skills and skills without a workflow, and keeps serving", async () => {
    const bad = async (args: Record<string, unknown>) => {
      const r = await s.client.callTool({ name: "run_workflow", arguments: args });
      expect(r.isError).toBe(true);
      return (r.content as { text: string }[])[0]?.text ?? "";
    };
    expect(await bad({ skill: "wf-args", inputs: { whom: "x" } })).toMatch(/^WORKFLOW_INPUT_UNKNOWN: unknown input "whom"; this workflow takes: who/);
    expect(await bad({ skill: "nope" })).toMatch(/^SKILL_NOT_FOUND/);
    expect(await bad({ skill: "no-steps" })).toMatch(/^WORKFLOW_NONE/);
    expect(await bad({ skill: "wf-args", cwd: "relative/dir" })).toMatch(/^CWD_NOT_ABSOLUTE/);
    const listed = await s.client.callTool({ name: "list_skills", arguments: {} });
    expect(listed.isError ?? false).toBe(false);
  });
});
