import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type SkillIR } from "../../src/skill/index.js";
import { lines, tree } from "./fixture.js";

/** Loads a skill whose body is `body`; the frontmatter takes lines 1-4, so the body starts on line 5. */
async function outline(...body: string[]): Promise<SkillIR> {
  const root = await tree({ "skills/demo/SKILL.md": lines("---", "name: demo", "description: Does a thing.", "---", ...body) });
  const result = await loadSkill(path.join(root, "skills", "demo"));
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.ir;
}

describe("Markdown outline", () => {
  it("counts only fenced code as code blocks, ``` and ~~~ alike, in blockquotes too", async () => {
    const ir = await outline("Intro", "", "    indented code", "", "~~~SH", "ls", "~~~", "", "> ```js", "> 1+1", "> ```");
    expect(ir.codeBlocks.map((c) => [c.id, c.lang, c.code, c.startLine, c.endLine, c.section])).toEqual([
      ["cb1", "sh", "ls", 9, 11, ""],
      ["cb2", "js", "1+1", 13, 15, ""],
    ]);
  });

  it("numbers lazily written lists (1. 1. 1.) as rendered, and starts where the list starts", async () => {
    const ir = await outline("1. a", "1. b", "1. c", "", "text", "", "4) d", "5) e");
    expect(ir.steps.map((s) => [s.number, s.text, s.startLine])).toEqual([
      [1, "a", 5],
      [2, "b", 6],
      [3, "c", 7],
      [4, "d", 11],
      [5, "e", 12],
    ]);
  });

  it("keeps a nested ordered list in its parent step's text rather than making steps of it", async () => {
    const ir = await outline("1. Prepare:", "   1. sub one", "   2. sub two", "2. Finish");
    expect(ir.steps.map((s) => [s.number, s.text, s.startLine, s.endLine])).toEqual([
      [1, "Prepare:\nsub one\nsub two", 5, 7],
      [2, "Finish", 8, 8],
    ]);
  });

  it("does not take unordered lists or headings without a step number as steps", async () => {
    const ir = await outline("## 2024 Roadmap", "", "- a", "- b", "", "## Stepping back", "", "## Steps", "", "text");
    expect(ir.steps).toEqual([]);
  });

  it("reads step headings written as Step N, Step N: title and N. title", async () => {
    const ir = await outline("# Guide", "", "## Step 1", "one", "", "## Step 2 - Build", "two", "", "### 3) Ship it", "three");
    expect(ir.steps.map((s) => [s.number, s.text, s.startLine, s.endLine, s.section])).toEqual([
      [1, "one", 7, 8, "Guide"],
      // A heading step spans its sub-sections, which may be steps of their own.
      [2, "Build\ntwo\n3) Ship it\nthree", 10, 14, "Guide"],
      [3, "Ship it\nthree", 13, 14, "Step 2 - Build"],
    ]);
  });

  it("leaves a fence that is never closed running to the end of the body", async () => {
    const ir = await outline("```py", "x = 1", "y = 2");
    expect(ir.codeBlocks.map((c) => [c.lang, c.code, c.startLine, c.endLine])).toEqual([["py", "x = 1\ny = 2", 5, 7]]);
  });

  it("produces no sections for an empty body", async () => {
    const ir = await outline();
    expect([ir.sections, ir.steps, ir.codeBlocks]).toEqual([[], [], []]);
  });

  it.each([
    ["100,000 nested block quotes", [">".repeat(100_000)]],
    ["2,001 list items", Array.from({ length: 2001 }, () => "- item")],
    ["a list item indented 80 columns", [`${" ".repeat(80)}- deep`]],
    ["4,001 link openers", ["[a](".repeat(4001)]],
  ])("loads a body with %s but skips its outline with SKILL_MARKDOWN_TOO_COMPLEX", async (_what, body) => {
    const ir = await outline(...body);
    expect([ir.sections, ir.steps, ir.codeBlocks]).toEqual([[], [], []]);
    expect(ir.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["SKILL_MARKDOWN_TOO_COMPLEX", "warning", 5]]);
  });
});
