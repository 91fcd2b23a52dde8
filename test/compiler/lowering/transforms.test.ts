// Each lowering transform on a small skill: what it adds or rewrites, that the guard passes, and
// that every fenced code block of the base is in the variant byte for byte.
import { beforeAll, describe, expect, it } from "vitest";
import { prepareLowering } from "../../../src/compiler/lowering/index.js";
import { codeBlocks, file, FRONT, lower, req } from "./lowering-fixture.js";
import type { LoweringResult } from "../../../src/compiler/lowering/index.js";

beforeAll(prepareLowering);

/** The variant passed the guard and kept the base's code blocks as they were. */
function expectSafe(base: string, result: LoweringResult): string {
  expect(result.guard?.ok, JSON.stringify(result.guard?.violations)).toBe(true);
  const variant = result.variant!;
  for (const block of codeBlocks(base)) expect(variant).toContain(block);
  expect(variant.startsWith(FRONT)).toBe(true);
  return variant;
}

describe("absolute-paths (tool.exec)", () => {
  const base = `${FRONT}# Use\n\nRun \`python \${SKVM_SKILL_DIR}/scripts/fit.py data.csv\` first.\n\nThe schema is in references/schema.md.\n\n\`\`\`bash\ncat references/schema.md\n\`\`\`\n`;
  const files = [file("scripts/fit.py", "script"), file("references/schema.md", "reference")];

  it("turns relative paths of bundled files in prose into the skill-dir token, never inside code", () => {
    const result = lower(base, [req(base, "tool.exec", 1, 7)], { "tool.exec": "L0" }, { manifest: { files, scripts: [] } });
    const variant = expectSafe(base, result);
    expect(variant).toContain("The schema is in ${SKVM_SKILL_DIR}/references/schema.md.");
    expect(variant).toContain("```bash\ncat references/schema.md\n```");
  });

  it("gives an inline script run the run_script call with its arguments", () => {
    const result = lower(base, [req(base, "tool.exec", 1, 7)], { "tool.exec": "L0" }, { manifest: { files, scripts: [] } });
    const variant = expectSafe(base, result);
    expect(variant).toContain('`run_script` `{"skill":"demo","script":"scripts/fit.py","args":["data.csv"]}`');
    expect(result.edits.every((e) => e.gap === "tool.exec" && e.transform === "absolute-paths" && e.evidence.length > 0)).toBe(true);
  });

  it("makes no variant for a profile that meets the demand", () => {
    const result = lower(base, [req(base, "tool.exec", 1, 7)], { "tool.exec": "L3" }, { manifest: { files, scripts: [] } });
    expect(result).toEqual({ gaps: [], edits: [] });
  });
});

describe("runnable-code (gen.code.*)", () => {
  it("sends a code ask to the bundled script in that language", () => {
    const base = `${FRONT}# Use\n\nWrite a Python script that merges the CSV files.\n`;
    const result = lower(base, [req(base, "gen.code.python", 2, 7)], { "gen.code.python": "L1" }, { manifest: { files: [file("scripts/merge.py", "script")], scripts: [] } });
    expect(expectSafe(base, result)).toContain('`run_script` `{"skill":"demo","script":"scripts/merge.py","args":["..."]}` instead of writing new code');
  });

  it("points at the skill's complete example and run_code when there is no script", () => {
    const base = `${FRONT}# Use\n\nAdapt this JavaScript to your files:\n\n\`\`\`js\nconsole.log(1)\n\`\`\`\n`;
    const result = lower(base, [req(base, "gen.code.javascript", 1, 7)], { "gen.code.javascript": "L0" });
    const variant = expectSafe(base, result);
    expect(variant).toContain("the example at line 9 is a complete program");
    expect(variant).toMatch(/```\n\n> \*\*skvm \(gen\.code\.javascript\):\*\*/);
  });

  it("asks for one complete program checked through run_code otherwise", () => {
    const base = `${FRONT}# Use\n\nWrite a bash script that rotates the logs.\n`;
    const variant = expectSafe(base, lower(base, [req(base, "gen.code.shell", 1, 7)], { "gen.code.shell": "L0" }));
    expect(variant).toContain('"language":"bash"');
    expect(variant).toContain("no placeholders");
  });
});

describe("structured-output (gen.text.structured)", () => {
  it("adds the JSON Schema of the example and a run_code check after the example", () => {
    const base = `${FRONT}# Output\n\nReturn JSON exactly like this:\n\n\`\`\`json\n{"name": "x", "count": 2, "tags": ["a"], "ok": true}\n\`\`\`\n`;
    const result = lower(base, [req(base, "gen.text.structured", 3, 7)], { "gen.text.structured": "L2" });
    const variant = expectSafe(base, result);
    const schema = {
      type: "object",
      properties: { name: { type: "string" }, count: { type: "integer" }, tags: { type: "array", items: { type: "string" } }, ok: { type: "boolean" } },
      required: ["name", "count", "tags", "ok"],
    };
    expect(variant).toContain(`\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``);
    expect(variant).toContain("json.load(sys.stdin)");
    // The schema comes after the example, which stays the filled example.
    expect(variant.indexOf('"count": 2')).toBeLessThan(variant.indexOf('"type":"object"'));
  });

  it("adds only the validation step when there is no example to infer from", () => {
    const base = `${FRONT}# Output\n\nAnswer with a JSON object of the findings.\n`;
    const variant = expectSafe(base, lower(base, [req(base, "gen.text.structured", 3, 7)], { "gen.text.structured": "L1" }));
    expect(variant).toContain("check that your structured output parses");
    expect(variant).not.toContain('"type":"object"');
  });
});

describe("checklist (follow.procedure)", () => {
  const base = `${FRONT}# Steps\n\n1. Read the input file.\n2. Run \`make build\`.\n3. Save the summary to \`out/summary.md\`.\n`;

  it("adds a checklist with one action and a done-when per step", () => {
    const variant = expectSafe(base, lower(base, [req(base, "follow.procedure", 3, 7)], { "follow.procedure": "L1" }));
    expect(variant).toContain("> 1. [ ] Read the input file. (done when you can state its result in one line)");
    expect(variant).toContain("> 2. [ ] Run `make build`. (done when its command exits 0)");
    expect(variant).toContain("> 3. [ ] Save the summary to `out/summary.md`. (done when `out/summary.md` exists)");
  });

  it("hands the procedure to run_workflow when the skill has a workflow", () => {
    const variant = expectSafe(base, lower(base, [req(base, "follow.procedure", 3, 7)], { "follow.procedure": "L1" }, { manifest: { files: [], scripts: [], workflow: "workflow.json" } }));
    expect(variant).toContain('`run_workflow` `{"skill":"demo"}`');
    expect(variant).not.toContain("[ ]");
  });
});

describe("inline-references (tool.file.read)", () => {
  const base = `${FRONT}# Use\n\nSee references/terms.md and references/long.md for the terms.\n`;
  const files = [file("references/terms.md", "reference"), file("references/long.md", "reference", 90_000)];

  it("inlines a short file and sends the model to read_skill_file for a long one", () => {
    const result = lower(base, [req(base, "tool.file.read", 2, 7)], { "tool.file.read": "L1" }, { manifest: { files, scripts: [] }, shortFiles: { "references/terms.md": "# Terms\n\nA `tick` is one step.\n" } });
    const variant = expectSafe(base, result);
    expect(variant).toContain("```markdown\n# Terms\n\nA `tick` is one step.\n```");
    expect(variant).toContain('`read_skill_file` `{"skill":"demo","path":"references/long.md"}`');
  });

  it("fences inlined text with more backticks than it holds", () => {
    const result = lower(base, [req(base, "tool.file.read", 2, 7)], { "tool.file.read": "L1" }, { manifest: { files, scripts: [] }, shortFiles: { "references/terms.md": "```\ncode\n```\n" } });
    expect(expectSafe(base, result)).toContain("````markdown\n```\ncode\n```\n````");
  });
});

describe("sequential-order (tool.call.batch, follow.delegation)", () => {
  const base = `${FRONT}# Use\n\nFetch the three pages in parallel, then spawn sub-agents to summarize each.\n`;

  it("rewords the parallel ask and orders the work sequentially, without sub-agents", () => {
    const result = lower(base, [req(base, "tool.call.batch", 1, 7), req(base, "follow.delegation", 1, 7)], { "tool.call.batch": "L0", "follow.delegation": "L0" });
    const variant = expectSafe(base, result);
    expect(variant).toContain("Fetch the three pages one after another, then spawn");
    expect(variant).toContain("do not spawn sub-agents or tasks");
    expect(variant).toContain("make one tool call at a time");
    // Both gaps proposed the same rewording; it is made once.
    expect(result.edits.filter((e) => e.change.kind === "replace")).toHaveLength(1);
  });

  it("hands the parallel part to run_workflow when the skill has a workflow", () => {
    const variant = expectSafe(base, lower(base, [req(base, "follow.delegation", 1, 7)], { "follow.delegation": "L0" }, { manifest: { files: [], scripts: [], workflow: "workflow.json" } }));
    expect(variant).toContain("the server runs the parallel part itself");
    expect(variant).toContain("in parallel");
  });
});

describe("compute-with-code (reason.arithmetic)", () => {
  it("routes the computation to run_code", () => {
    const base = `${FRONT}# Use\n\nCompute the compound interest over 12 months at 1.5% a month.\n`;
    const variant = expectSafe(base, lower(base, [req(base, "reason.arithmetic", 2, 7)], { "reason.arithmetic": "L1" }));
    expect(variant).toContain('`run_code` `{"skill":"demo","language":"python","code":"print(...)"}`');
  });
});

describe("sectioned-output (gen.text.long)", () => {
  it("writes the named sections one file each", () => {
    const base = `${FRONT}# Report\n\nWrite a comprehensive report with sections: Summary, Trends and Next steps.\n`;
    const variant = expectSafe(base, lower(base, [req(base, "gen.text.long", 2, 7)], { "gen.text.long": "L1" }));
    expect(variant).toContain("`report/01-summary.md`, `report/02-trends.md`, `report/03-next-steps.md`");
  });

  it("reads the sections from the list after the ask", () => {
    const base = `${FRONT}# Report\n\nWrite a comprehensive report covering:\n\n- **Scope**: what was looked at\n- Findings\n`;
    const variant = expectSafe(base, lower(base, [req(base, "gen.text.long", 2, 7)], { "gen.text.long": "L1" }));
    expect(variant).toContain("`report/01-scope.md`, `report/02-findings.md`");
  });
});

describe("concrete-regex (gen.regex)", () => {
  it("lists the skill's own patterns to use as written", () => {
    const base = `${FRONT}# Use\n\nWrite a regex that finds the dates.\n\n\`\`\`python\nimport re\nre.findall(r"\\d{4}-\\d{2}-\\d{2}", text)\n\`\`\`\n`;
    const variant = expectSafe(base, lower(base, [req(base, "gen.regex", 2, 7)], { "gen.regex": "L1" }));
    expect(variant).toContain("use the skill's own patterns as written rather than new ones: `\\d{4}-\\d{2}-\\d{2}`");
  });
});

describe("lowering as a whole", () => {
  it("records every gap with its transform and status, including those no transform serves", () => {
    const base = `${FRONT}# Use\n\nWrite a comprehensive report.\n\nBrowse to the site and click Login.\n`;
    const result = lower(base, [req(base, "gen.text.long", 2, 7), req(base, "tool.browser", 1, 9)], { "gen.text.long": "L1", "tool.browser": "L0" });
    expect(result.gaps.map((g) => [g.id, g.status, g.transform ?? null, g.kind])).toEqual([
      ["tool.browser", "no-transform", null, "missing"],
      ["gen.text.long", "lowered", "sectioned-output", "weak"],
    ]);
  });

  it("never lets a transform edit a fenced block that merely looks like prose", () => {
    const base = `${FRONT}# Use\n\n\`\`\`text\nDo these in parallel: see references/a.md\n\`\`\`\n`;
    const result = lower(base, [req(base, "tool.call.batch", 1, 8), req(base, "tool.exec", 1, 8)], { "tool.call.batch": "L0", "tool.exec": "L0" }, { manifest: { files: [file("references/a.md", "reference")], scripts: [] } });
    expect(result.variant).toBeUndefined();
    expect(result.gaps.map((g) => g.status)).toEqual(["nothing-to-lower", "nothing-to-lower"]);
  });

  it("trims the least urgent notes to keep a variant within the growth bound", () => {
    const paths = Array.from({ length: 40 }, (_, i) => `references/r${i}.md`);
    const lines = paths.map((p) => `Read ${p} first.`);
    const base = `${FRONT}# Use\n\n${lines.join("\n\n")}\n`;
    const requirement = { id: "tool.file.read" as const, level: 2, source: "rules" as const, evidence: lines.map((text, i) => ({ file: "SKILL.md", line: 7 + 2 * i, text, why: "test" })) };
    const shortFiles = Object.fromEntries(paths.map((p) => [p, "line\n".repeat(20)]));
    const result = lower(base, [requirement], { "tool.file.read": "L1" }, { manifest: { files: paths.map((p) => file(p, "reference")), scripts: [] }, shortFiles });
    expect(result.guard?.ok).toBe(true);
    expect(result.guard!.addedLines).toBeLessThanOrEqual(result.guard!.maxAddedLines);
    expect(result.edits.length).toBeGreaterThan(0);
    expect(result.edits.length).toBeLessThan(40);
    // The first mentions keep their inlined files; the last ones were dropped.
    expect(result.variant).toContain("`references/r0.md` is short");
    expect(result.variant).not.toContain("`references/r39.md` is short");
  });

  it("gives a note it would repeat word for word once, at the first place", () => {
    const base = `${FRONT}# Use\n\nCompute the total by hand.\n\nCompute the average by hand.\n`;
    const two = { id: "reason.arithmetic" as const, level: 2, source: "rules" as const, evidence: [7, 9].map((line) => ({ file: "SKILL.md", line, text: base.split("\n")[line - 1]!, why: "test" })) };
    const result = lower(base, [two], { "reason.arithmetic": "L1" });
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0]!.line).toBe(7);
  });

  it("says a tool.exec gap is lowered in the base when every run is a code block with its run_script note", () => {
    const base = `${FRONT}# Use\n\n\`\`\`bash\npython \${SKVM_SKILL_DIR}/scripts/x.py\n\`\`\`\n\n> **skvm:** run the bundled script through the server's \`run_script\` tool:\n`;
    const result = lower(base, [req(base, "tool.exec", 1, 8)], { "tool.exec": "L0" }, { manifest: { files: [file("scripts/x.py", "script")], scripts: [] } });
    expect(result.variant).toBeUndefined();
    expect(result.gaps[0]).toMatchObject({ id: "tool.exec", status: "in-base", transform: "absolute-paths" });
  });
});

describe("a fence never closed", () => {
  it("takes no note after it (the note would land inside the code), and the guard holds", () => {
    const base = `${FRONT}# Use\n\nWrite a bash script like this:\n\n\`\`\`bash\necho start\n`;
    const result = lower(base, [req(base, "gen.code.shell", 1, 10)], { "gen.code.shell": "L0" });
    expect(result.variant).toBeUndefined();
    expect(result.edits).toEqual([]);
  });
});
