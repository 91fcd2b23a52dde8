import { describe, expect, it } from "vitest";
import { extractBody } from "./extract.js";

const SCRIPTS = { "scripts/loc.sh": "wc -l \"$@\"\n", "scripts/conf.json": "{}\n" };
const explicit = (run: string) => `# s\n\n\`\`\`yaml workflow\nnodes:\n  - id: a\n    run: ${JSON.stringify(run)}\n  - id: b\n    run: "true"\n\`\`\`\n`;
const runOf = async (line: string) => (await extractBody(explicit(line), SCRIPTS)).workflow?.nodes[0]?.run;

describe("concurrency pass: a step's command line compiles to what runs it faithfully", () => {
  it("keeps file redirects and X=1 assignments of a bundled-script command as data", async () => {
    expect(await runOf("bash scripts/loc.sh src > loc.txt")).toEqual({ kind: "script", script: "scripts/loc.sh", args: ["src"], redirects: [{ op: ">", path: "loc.txt" }] });
    expect(await runOf("LC_ALL=C bash scripts/loc.sh < in.txt >> all.txt 2> err.txt")).toEqual({
      kind: "script",
      script: "scripts/loc.sh",
      args: [],
      env: { LC_ALL: "C" },
      redirects: [
        { op: "<", path: "in.txt" },
        { op: ">>", path: "all.txt" },
        { op: "2>", path: "err.txt" },
      ],
    });
    // A bare `2` before a spaced `>` is an argument, not a file descriptor.
    expect(await runOf("bash scripts/loc.sh 2 > two.txt")).toMatchObject({ args: ["2"], redirects: [{ op: ">", path: "two.txt" }] });
  });

  it("keeps a line with pipes, &&, cd, variables, globs or 2>&1 as shell code, bundled paths pointed at the skill", async () => {
    for (const line of [
      "bash scripts/loc.sh src | sort > loc.txt",
      "cd src && bash ../scripts/loc.sh . > loc.txt",
      "bash scripts/loc.sh src && echo done",
      "bash scripts/loc.sh $TARGET",
      "bash scripts/loc.sh src/*.ts",
      "bash scripts/loc.sh src 2>&1",
    ]) {
      const run = await runOf(line);
      expect(run?.kind, line).toBe("code");
      expect(run && "code" in run ? run.code : "", line).toBe(line.replace("bash scripts/", "bash ${SKVM_SKILL_DIR}/scripts/"));
    }
  });

  it("points bundled files in arguments and in explicit shell/python nodes at the skill folder", async () => {
    expect(await runOf("bash scripts/loc.sh scripts/conf.json")).toMatchObject({ args: ["${SKVM_SKILL_DIR}/scripts/conf.json"] });
    const body = "# s\n\n```yaml workflow\nnodes:\n  - id: sh\n    run: { shell: 'bash scripts/loc.sh x' }\n  - id: py\n    run: { python: 'print(open(\"scripts/conf.json\").read())' }\n```\n";
    const { workflow } = await extractBody(body, SCRIPTS);
    expect(workflow?.nodes.map((n) => n.run)).toEqual([
      { kind: "code", lang: "shell", code: "bash ${SKVM_SKILL_DIR}/scripts/loc.sh x" },
      { kind: "code", lang: "python", code: 'print(open("${SKVM_SKILL_DIR}/scripts/conf.json").read())' },
    ]);
  });

  it("reads a template node: a JIT template by id with parameters", async () => {
    const body = "# s\n\n```yaml workflow\ninputs: [who]\nnodes:\n  - id: t\n    run: { template: greeting, params: { name: '{who}', times: 3 } }\n  - id: u\n    run: 'true'\n```\n";
    const { workflow, diagnostics } = await extractBody(body);
    expect(diagnostics).toEqual([]);
    expect(workflow?.nodes[0]?.run).toEqual({ kind: "template", template: "greeting", params: { name: "{who}", times: 3 } });
  });
});
