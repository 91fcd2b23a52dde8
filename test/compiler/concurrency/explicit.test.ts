import { describe, expect, it } from "vitest";
import { extractBody } from "./extract.js";

const block = (yaml: string) => `# Use\n\nSome prose.\n\n\`\`\`yaml workflow\n${yaml}\n\`\`\`\n`;
const SCRIPTS = { "scripts/a.py": "print(1)\n", "scripts/b.py": "print(1)\n" };

describe("concurrency pass: explicit workflows", () => {
  it("reads a ```yaml workflow block: command lines, script objects, JS transforms, maps and author groups", async () => {
    const yaml = [
      "inputs:",
      "  data: data.csv",
      "  urls: null",
      "nodes:",
      "  - id: prep",
      "    run: python3 scripts/a.py {data} --out prep.json",
      "  - id: fetch",
      "    forEach: { over: urls, as: url }",
      "    run: { script: scripts/b.py, args: ['{url}', 3] }",
      "  - id: count",
      "    dependsOn: prep",
      "    run: { js: 'return deps.prep.rows' }",
      "  - id: tell",
      "    dependsOn: [count, fetch]",
      "    run: { instruction: Tell the user the count }",
      "parallel:",
      "  - kind: instruction",
      "    nodes: [prep, fetch]",
    ].join("\n");
    const { workflow, diagnostics } = await extractBody(block(yaml), SCRIPTS);
    expect(diagnostics).toEqual([]);
    expect(workflow?.source).toBe("explicit");
    expect(workflow?.inputs).toEqual([{ name: "data", default: "data.csv" }, { name: "urls" }]);
    expect(workflow?.nodes.map((n) => [n.id, n.run.kind, n.dependsOn])).toEqual([
      ["prep", "script", []],
      ["fetch", "script", []],
      ["count", "js", ["prep"]],
      ["tell", "instruction", ["count", "fetch"]],
    ]);
    expect(workflow?.nodes[0]?.run).toEqual({ kind: "script", script: "scripts/a.py", args: ["{data}", "--out", "prep.json"] });
    expect(workflow?.nodes[1]?.run).toEqual({ kind: "script", script: "scripts/b.py", args: ["{url}", "3"] });
    expect(workflow?.parallel).toEqual([
      { kind: "instruction", nodes: ["prep", "fetch"] },
      { kind: "data", nodes: ["fetch"], over: "urls" },
    ]);
  });

  it("reads a workflow from the frontmatter metadata key as a JSON string", async () => {
    const json = JSON.stringify({ nodes: [{ id: "a", run: "sleep 1" }, { id: "b", run: "sleep 1" }, { id: "c", run: "echo done", dependsOn: ["a", "b"] }] });
    const { workflow, diagnostics } = await extractBody("# Use\n\nRun it.\n", {}, `metadata:\n  workflow: '${json}'\n`);
    expect(diagnostics).toEqual([]);
    expect(workflow?.nodes[0]?.run).toEqual({ kind: "code", lang: "shell", code: "sleep 1" });
    expect(workflow?.parallel).toEqual([{ kind: "instruction", nodes: ["a", "b"] }]);
  });

  it("refuses a cycle with an error that names it, at the block's line", async () => {
    const yaml = "nodes:\n  - { id: a, run: echo a, dependsOn: c }\n  - { id: b, run: echo b, dependsOn: a }\n  - { id: c, run: echo c, dependsOn: b }";
    const { workflow, diagnostics } = await extractBody(block(yaml));
    expect(workflow).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: "WORKFLOW_CYCLE", severity: "error", file: "wf/SKILL.md", line: 10 }]);
    expect(diagnostics[0]?.message).toMatch(/cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)/);
  });

  it("refuses a dependency on a node that does not exist, listing the known ones", async () => {
    const { diagnostics } = await extractBody(block("nodes:\n  - { id: a, run: echo a }\n  - { id: b, run: echo b, dependsOn: [a, nope] }"));
    expect(diagnostics).toMatchObject([{ code: "WORKFLOW_UNKNOWN_DEPENDENCY", severity: "error", message: expect.stringContaining('"nope"'), hint: "known nodes: a, b" }]);
  });

  it("refuses duplicate ids, unknown scripts, bad YAML and unknown fields with clear errors", async () => {
    const dup = await extractBody(block("nodes:\n  - { id: a, run: echo a }\n  - { id: a, run: echo b }"));
    expect(dup.diagnostics).toMatchObject([{ code: "WORKFLOW_DUPLICATE_ID" }]);
    const script = await extractBody(block("nodes:\n  - { id: a, run: { script: scripts/missing.py } }"));
    expect(script.diagnostics).toMatchObject([{ code: "WORKFLOW_UNKNOWN_SCRIPT", message: expect.stringContaining("scripts/missing.py") }]);
    const yaml = await extractBody(block("nodes:\n  - id: a\n    run: [unclosed"));
    expect(yaml.diagnostics).toMatchObject([{ code: "WORKFLOW_INVALID", file: "wf/SKILL.md" }]);
    const field = await extractBody(block("nodes:\n  - { id: a, run: echo a, after: b }"));
    expect(field.diagnostics).toMatchObject([{ code: "WORKFLOW_INVALID", message: expect.stringContaining("nodes.0") }]);
  });

  it("refuses an author group whose members depend on each other", async () => {
    const yaml = "nodes:\n  - { id: a, run: echo a }\n  - { id: b, run: echo b, dependsOn: a }\nparallel:\n  - { kind: thread, nodes: [a, b] }";
    const { diagnostics } = await extractBody(block(yaml));
    expect(diagnostics).toMatchObject([{ code: "WORKFLOW_BAD_GROUP", message: expect.stringContaining('"b" depends on "a"') }]);
  });
});
