import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractBody, extractFrom } from "./extract.js";

const SKILLS = fileURLToPath(new URL("../../../skills/", import.meta.url));
const deps = (wf: { nodes: { id: string; dependsOn: string[] }[] } | undefined) =>
  Object.fromEntries((wf?.nodes ?? []).map((n) => [n.id, n.dependsOn]));

describe("concurrency pass: workflows inferred from the Markdown", () => {
  it("csv-report: validate, then column stats, histograms and outliers in one parallel group, then assemble", async () => {
    const { workflow, diagnostics } = await extractFrom(`${SKILLS}csv-report`);
    expect(diagnostics).toEqual([]);
    expect(deps(workflow)).toEqual({
      "step-1": [],
      "step-2": ["step-1"],
      "step-3": ["step-1"],
      "step-4": ["step-1"],
      "step-5": ["step-2", "step-3", "step-4"],
      "step-6": ["step-5"],
    });
    expect(workflow?.parallel).toEqual([{ kind: "instruction", nodes: ["step-2", "step-3", "step-4"] }]);
    expect(workflow?.nodes[0]?.run).toEqual({ kind: "script", script: "scripts/validate.py", args: ["data.csv", "--out", "validation.json"] });
    expect(workflow?.nodes[5]?.run.kind).toBe("instruction");
    expect(workflow?.inputs).toEqual([{ name: "data.csv", default: "data.csv" }]);
  });

  it("every example skill yields a valid workflow or none, without errors", async () => {
    for (const name of ["git-changelog", "json-transform", "png-tools", "text-stats"]) {
      const { diagnostics } = await extractFrom(`${SKILLS}${name}`);
      expect(diagnostics.filter((d) => d.severity === "error"), name).toEqual([]);
    }
  });

  it("git-changelog: the numbered headings are the procedure, not the list nested in step 4", async () => {
    const { workflow } = await extractFrom(`${SKILLS}git-changelog`);
    expect(workflow?.nodes.map((n) => n.title)).toEqual(["Find the range", "Generate the changelog", "Suggest the next version", "Review before publishing"]);
  });

  it("links steps by the files one writes and another reads, leaving unrelated steps parallel", async () => {
    const body = [
      "## Workflow",
      "",
      "1. Fetch both sources:",
      "   ```bash",
      "   python3 scripts/fetch.py a --out a.json",
      "   ```",
      "2. Fetch the second one independently:",
      "   ```bash",
      "   python3 scripts/fetch.py b > b.json",
      "   ```",
      "3. Merge them:",
      "   ```bash",
      "   python3 scripts/merge.py a.json b.json --out merged.json",
      "   ```",
      "",
    ].join("\n");
    const { workflow } = await extractBody(body, { "scripts/fetch.py": "print(1)\n", "scripts/merge.py": "print(1)\n" });
    expect(deps(workflow)).toEqual({ "step-1": [], "step-2": [], "step-3": ["step-1", "step-2"] });
    expect(workflow?.parallel).toEqual([{ kind: "instruction", nodes: ["step-1", "step-2"] }]);
    expect(workflow?.nodes[1]?.writes).toEqual(["b.json"]);
  });

  it("links steps through shell variables", async () => {
    const body = "## Steps\n\n1. Pick:\n   ```bash\n   export TARGET=build\n   ```\n2. Independent cleanup:\n   ```bash\n   rm -rf cache\n   ```\n3. Use it:\n   ```bash\n   ls \"$TARGET\"\n   ```\n";
    const { workflow } = await extractBody(body);
    expect(deps(workflow)["step-3"]).toEqual(["step-1"]);
  });

  it("keeps the written order when nothing shows the steps are independent", async () => {
    const body = "## Workflow\n\n1. Install:\n   ```bash\n   pip install foo\n   ```\n2. Run:\n   ```bash\n   foo --check\n   ```\n";
    const { workflow } = await extractBody(body);
    expect(deps(workflow)).toEqual({ "step-1": [], "step-2": ["step-1"] });
    expect(workflow?.parallel).toEqual([]);
  });

  it("makes a 'for each' step a data-parallel map over an input, with the item as a placeholder", async () => {
    const body = [
      "## Workflow",
      "",
      "1. For each file in `files`, count its words:",
      "   ```bash",
      "   python3 scripts/count.py <file>",
      "   ```",
      "2. Tell the user the totals.",
      "",
    ].join("\n");
    const { workflow } = await extractBody(body, { "scripts/count.py": "print(1)\n" });
    expect(workflow?.nodes[0]).toMatchObject({ forEach: { over: "files", as: "file" }, run: { kind: "script", script: "scripts/count.py", args: ["<file>"] } });
    expect(workflow?.parallel).toEqual([{ kind: "data", nodes: ["step-1"], over: "files" }]);
    expect(workflow?.inputs.map((i) => i.name)).toEqual(["files"]);
  });

  it("groups independent prose steps as thread-parallel sub-tasks", async () => {
    const body = "## Workflow\n\n1. Review `api.md` independently.\n2. Review `cli.md` independently.\n3. Merge the reviews after steps 1 and 2.\n";
    const { workflow } = await extractBody(body);
    expect(workflow?.parallel).toEqual([{ kind: "thread", nodes: ["step-1", "step-2"] }]);
    expect(deps(workflow)["step-3"]).toEqual(["step-1", "step-2"]);
  });

  it("gives a skill with fewer than two steps no workflow", async () => {
    const { workflow, diagnostics } = await extractBody("# Use\n\nRun `tool --help`.\n");
    expect(workflow).toBeUndefined();
    expect(diagnostics).toEqual([]);
  });
});
