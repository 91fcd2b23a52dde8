import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, workflowSkill, type Served } from "../dag/fixtures.js";
import { skillMd } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const COUNTER = ["import sys", "", 'count = "3"  # <- change', "for i in range(int(count)):", "    print(f'tick {i}')"].join("\n");
const SLOW = ["nodes:", "  - { id: slow, timeoutMs: 200, run: { shell: 'sleep 5' } }"].join("\n");

/** The two fixers that act on served tools: a solidified template's parameter type, a workflow node's timeout. */
describe("rule-based fixes of direct template tools and workflow nodes", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills(
      {
        counter: { "SKILL.md": skillMd("counter", "Counts ticks", `# Count\n\n\`\`\`python\n${COUNTER}\n\`\`\`\n`) },
        "wf-slow": { "SKILL.md": workflowSkill("wf-slow", SLOW) },
      },
      { SKVM_SOLIDIFY_AFTER: "1" },
    );
  });
  afterAll(() => s?.close());

  it("a direct template tool failing on a parameter's type gets a tightened schema", async () => {
    const code = COUNTER.replace('"3"', '"2"');
    const run = await s.client.callTool({ name: "run_code", arguments: { skill: "counter", language: "python", code } });
    const direct = (run.structuredContent as { directTool?: string }).directTool!;
    expect(direct).toMatch(/^counter__/);
    const schemaOf = async () => (await s.client.listTools()).tools.find((t) => t.name === direct)?.inputSchema.properties?.count as { type?: string };
    expect((await schemaOf()).type).toBe("string");
    const bad = await s.client.callTool({ name: direct, arguments: { count: "many" } });
    expect(textOf(bad)).toContain("failure recorded as bad-parameter-type (many)");
    expect(textOf(bad)).toMatch(/patch p-[0-9a-f]+: parameter count of \S+ now must be integer/);
    await expect.poll(async () => (await schemaOf()).type).toBe("integer");
    // The client now checks the type before calling; a whole number runs.
    const good = await s.client.callTool({ name: direct, arguments: { count: 2 } });
    expect(textOf(good)).toContain("tick 1");
  });

  it("a workflow node that keeps timing out gets a longer timeout and a note, each time", async () => {
    const cwd = await s.workdir("slow");
    const run = async () => textOf(await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-slow", cwd } }));
    expect(await run()).toContain("node slow: failure recorded as timeout");
    // One timeout may be chance: nothing changes yet.
    const workflow = async () => JSON.parse(await readFile(join(s.root, "compiled", "wf-slow", "workflow.json"), "utf8")).nodes[0];
    expect((await workflow()).timeoutMs).toBe(200);
    expect(await run()).toMatch(/node slow: patch p-[0-9a-f]+: workflow node slow may run 400 ms \(was 200 ms\)/);
    expect(await workflow()).toMatchObject({ timeoutMs: 400, title: expect.stringContaining("slow: timed out 2 times at 200 ms, now allowed 400 ms") });
    await run();
    expect(await workflow()).toMatchObject({ timeoutMs: 800, title: "slow (slow: timed out 3 times at 400 ms, now allowed 800 ms)" });
  });
});
