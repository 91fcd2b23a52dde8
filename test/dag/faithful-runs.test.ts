import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, type Served } from "./fixtures.js";

const EMIT = 'if [ "$1" = --err ]; then shift; echo "$@" >&2; else printf \'%s\\n\' "$@"; fi\n';
const WORKFLOW = [
  "inputs: { who: nobody }",
  "nodes:",
  "  - id: redirect",
  "    run: bash scripts/emit.sh one > one.txt",
  "  - id: append",
  "    dependsOn: redirect",
  "    run: bash scripts/emit.sh two >> one.txt",
  "  - id: stdin",
  "    dependsOn: append",
  "    run: bash scripts/upper.sh < one.txt > upper.txt",
  "  - id: stderr",
  "    run: bash scripts/emit.sh --err oops 2> err.txt",
  "  - id: pipe",
  "    run: bash scripts/emit.sh b c a | sort > sorted.txt",
  "  - id: and",
  "    run: mkdir -p sub && bash scripts/emit.sh inside > sub/x.txt",
  "  - id: cd",
  "    dependsOn: and",
  "    run: cd sub && cat x.txt > copy.txt",
  "  - id: env",
  "    run: GREETING=hi bash scripts/greeting.sh > env.txt",
  "  - id: shell",
  "    run: { shell: 'bash scripts/emit.sh from-shell > shell.txt' }",
  "  - id: python",
  "    run: { python: 'print(open(\"scripts/data.txt\").read().strip())' }",
  "  - id: node",
  "    run: { node: 'console.log(require(\"fs\").readFileSync(\"scripts/data.txt\", \"utf8\").trim())' }",
  "  - id: template",
  "    run: { template: greeting, params: { name: '{who}', times: 2 } }",
].join("\n");
const SKILL = [
  "---\nname: constructs\ndescription: Shell constructs and node kinds\n---\n# constructs\n",
  "## Greeting\n\n```python\nname = \"Ada\"\ntimes = 1\nprint(\"hello \" + name * times)\n```\n",
  `## Workflow\n\n\`\`\`yaml workflow\n${WORKFLOW}\n\`\`\`\n`,
].join("\n");

type Report = { status: string; nodes: { id: string; status: string; output?: unknown; error?: string }[] };

describe("run_workflow runs what the author wrote", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills({
      constructs: {
        "SKILL.md": SKILL,
        "scripts/emit.sh": EMIT,
        "scripts/upper.sh": "tr a-z A-Z\n",
        "scripts/greeting.sh": 'echo "$GREETING"\n',
        "scripts/data.txt": "bundled data\n",
      },
    });
  });
  afterAll(() => s?.close());

  it("redirects, pipes, &&, cd, X=1, explicit shell/python/node nodes with bundled paths, and a template node", async () => {
    const cwd = await s.workdir("constructs");
    const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "constructs", inputs: { who: "Bob" }, cwd } });
    const report = result.structuredContent as Report;
    expect(report.nodes.filter((n) => n.status !== "succeeded"), JSON.stringify(report.nodes)).toEqual([]);
    const file = (name: string) => readFile(join(cwd, name), "utf8");
    expect(await file("one.txt")).toBe("one\ntwo\n");
    expect(await file("upper.txt")).toBe("ONE\nTWO\n");
    expect(await file("err.txt")).toBe("oops\n");
    expect(await file("sorted.txt")).toBe("a\nb\nc\n");
    expect(await file("sub/copy.txt")).toBe("inside\n");
    expect(await file("env.txt")).toBe("hi\n");
    expect(await file("shell.txt")).toBe("from-shell\n");
    const output = (id: string) => report.nodes.find((n) => n.id === id)?.output;
    expect(output("python")).toBe("bundled data");
    expect(output("node")).toBe("bundled data");
    expect(output("template")).toBe("hello BobBob");
  });

  it("a redirect into a folder that does not exist fails its node with the shell's reason", async () => {
    const cwd = await s.workdir("missing");
    const broken = SKILL.replace("bash scripts/emit.sh one > one.txt", "bash scripts/emit.sh one > nowhere/one.txt");
    const t = await serveSkills({ broken: { "SKILL.md": broken.replace("name: constructs", "name: broken"), "scripts/emit.sh": EMIT, "scripts/upper.sh": "", "scripts/greeting.sh": "", "scripts/data.txt": "" } });
    try {
      const result = await t.client.callTool({ name: "run_workflow", arguments: { skill: "broken", cwd } });
      const node = (result.structuredContent as Report).nodes.find((n) => n.id === "redirect");
      expect(node).toMatchObject({ status: "failed", error: expect.stringMatching(/nowhere\/one\.txt: No such file or directory/) });
    } finally {
      await t.close();
    }
  });
});
