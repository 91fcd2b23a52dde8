import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { surveySkill } from "../../helpers/survey-skill.js";
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

describe("concurrency pass: independence from positive evidence", () => {
  it("code-survey: three steps with visible effects run together, the fourth waits for all three, each edge says why", async () => {
    const files = surveySkill();
    const { workflow } = await extractBody(files["SKILL.md"]?.replace(/^---[\s\S]*?---\n/, "") ?? "", files);
    expect(deps(workflow)).toEqual({ "step-1": [], "step-2": [], "step-3": [], "step-4": ["step-1", "step-2", "step-3"] });
    expect(workflow?.parallel).toEqual([{ kind: "instruction", nodes: ["step-1", "step-2", "step-3"] }]);
    expect(workflow?.nodes[0]?.run).toEqual({ kind: "script", script: "scripts/loc.sh", args: ["src"], redirects: [{ op: ">", path: "loc.txt" }] });
    expect(workflow?.nodes[3]?.why).toEqual({ "step-1": "reads loc.txt, which step-1 writes", "step-2": "reads todos.txt, which step-2 writes", "step-3": "reads largest.txt, which step-3 writes" });
  });

  it("takes the section's prose after the list as evidence of a dependency no file shows", async () => {
    const body = [
      "## Workflow",
      "",
      "1. Fetch:\n   ```bash\n   bash scripts/a.sh > a.txt\n   ```",
      "2. Fetch more:\n   ```bash\n   bash scripts/b.sh > b.txt\n   ```",
      "3. Publish:\n   ```bash\n   bash scripts/c.sh\n   ```",
      "",
      "The last step needs all the previous steps to have finished.",
      "",
    ].join("\n");
    const { workflow } = await extractBody(body, { "scripts/a.sh": "", "scripts/b.sh": "", "scripts/c.sh": "" });
    expect(deps(workflow)).toEqual({ "step-1": [], "step-2": [], "step-3": ["step-1", "step-2"] });
    expect(workflow?.nodes[2]?.why?.["step-1"]).toBe('SKILL.md:20 says "The last step needs all the previous steps to have finished."');
  });

  it("keeps the written order only around a step whose effects are unknown, and says so", async () => {
    const body = "## Workflow\n\n1. Install:\n   ```bash\n   pip install foo\n   ```\n2. Count:\n   ```bash\n   bash scripts/a.sh > a.txt\n   ```\n3. Count again:\n   ```bash\n   bash scripts/b.sh > b.txt\n   ```\n4. Tell the user.\n";
    const { workflow } = await extractBody(body, { "scripts/a.sh": "", "scripts/b.sh": "" });
    expect(deps(workflow)).toEqual({ "step-1": [], "step-2": ["step-1"], "step-3": ["step-1"], "step-4": ["step-2", "step-3"] });
    expect(workflow?.nodes[1]?.why).toEqual({ "step-1": "the effects of step-1 are unknown (it runs `pip`), so it keeps the written order" });
    expect(workflow?.nodes[3]?.why?.["step-2"]).toBe("its effects are unknown (an instruction), so it waits for step-2, written before it");
  });
});
