import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";

describe("skvm workflow and skvm inspect", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-wf-cli-"));
    await cp("skills/csv-report", join(root, "skills", "csv-report"), { recursive: true });
    await writeFile(join(root, "my data.csv"), "name,score\nada,3\nbob,5\ncy,4\n");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("inspect prints the DAG as text and as Mermaid, with the parallel group as a subgraph", async () => {
    const { code, stdout } = await skvm(["inspect", "csv-report", "--skills", "skills", "--compiled", "compiled"], root);
    expect(code).toBe(0);
    expect(stdout).toContain("instruction: step-2, step-3, step-4");
    expect(stdout).toContain("```mermaid\nflowchart TD");
    expect(stdout).toContain("n_step_1 --> n_step_2");
    // Every inferred edge says why it exists.
    expect(stdout).toContain("after step-1: reads validation.json, which step-1 writes");
    expect(stdout).toContain("after step-5: reads report.md, which step-5 writes");
    const json = await skvm(["inspect", "csv-report", "--skills", "skills", "--compiled", "compiled", "--json"], root);
    expect(JSON.parse(json.stdout)).toMatchObject({ skill: "csv-report", workflow: { source: "inferred" }, mermaid: expect.stringContaining('subgraph g0["instruction-parallel"]') });
  });

  it("workflow runs the DAG with live progress on stderr and the report as JSON on stdout", async () => {
    const { code, stdout, stderr } = await skvm(["workflow", "csv-report", "--skills", "skills", "--compiled", "compiled", "--input", "data.csv=my data.csv", "--json"], root);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { status: string; nodes: { id: string; status: string }[] };
    expect(report.status).toBe("succeeded");
    expect(report.nodes.filter((n) => n.status === "succeeded").map((n) => n.id)).toEqual(["step-1", "step-2", "step-3", "step-4", "step-5"]);
    expect(stderr).toMatch(/^\[0\/6\] step-1 started$/m);
    expect(stderr).toMatch(/^\[6\/6\] step-6 manual$/m);
    expect(await readFile(join(root, "report.md"), "utf8")).toContain("score");
  });

  it("workflow says how many steps could run at once and why, the critical path, the wall time and the parallelism realized", async () => {
    const { code, stdout, stderr } = await skvm(["workflow", "csv-report", "--skills", "skills", "--compiled", "compiled", "--input", "data.csv=my data.csv", "--concurrency", "2"], root);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^concurrency: up to 2 at once \(capped at 2 by the caller \(--concurrency\)\); 2 ran at once at most$/m);
    expect(stdout).toMatch(/^critical path: step-1 -> step-\d -> step-5 \(\d+ ms of node time\); wall time \d+ ms$/m);
    expect(stdout).toMatch(/^parallelism: [\d.]+x realized \(\d+ ms of node time in \d+ ms\), [\d.]+x possible/m);
  });

  it("bad inputs and unknown skills get a clear message and exit 2", async () => {
    const bad = await skvm(["workflow", "csv-report", "--skills", "skills", "--compiled", "compiled", "--input", "oops"], root);
    expect(bad).toMatchObject({ code: 2, stderr: 'skvm workflow: --input "oops" must look like name=value\n' });
    const unknown = await skvm(["workflow", "csv-report", "--skills", "skills", "--compiled", "compiled", "--input", "data=x"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('WORKFLOW_INPUT_UNKNOWN: unknown input "data"');
    const missing = await skvm(["inspect", "nope", "--skills", "skills", "--compiled", "compiled"], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('SKILL_NOT_FOUND: no skill named "nope"');
  });
});
