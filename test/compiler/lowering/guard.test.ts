// The guard every variant passes before it is written: code blocks byte for byte, frontmatter
// unchanged, growth bounded by SkVM's rule, and every edit recorded with its gap and evidence.
import { describe, expect, it } from "vitest";
import { guardVariant, maxAddedLines, type Edit } from "../../../src/compiler/lowering/index.js";
import { FRONT } from "./lowering-fixture.js";

const base = `${FRONT}# Use\n\nRun it.\n\n\`\`\`bash\necho hi\n\`\`\`\n`;
const edit: Edit = { transform: "t", gap: "tool.exec", evidence: [{ file: "SKILL.md", line: 7, text: "Run it.", why: "test" }], line: 7, change: { kind: "insert", text: "> note" } };
const rules = (variant: string, edits: Edit[] = [edit]) => guardVariant(base, variant, edits).violations.map((v) => v.rule);

describe("the variant guard", () => {
  it("passes a variant that only adds a recorded note", () => {
    const verdict = guardVariant(base, base.replace("Run it.\n", "Run it.\n\n> note\n"), [edit]);
    expect(verdict).toMatchObject({ ok: true, addedLines: 2, violations: [] });
  });

  it("refuses a variant that changes a code block by one byte", () => {
    expect(rules(base.replace("echo hi", "echo  hi"))).toEqual(["code-block"]);
  });

  it("refuses a variant that drops a code block or changes its info string", () => {
    expect(rules(base.replace("```bash\necho hi\n```\n", ""))).toEqual(["code-block"]);
    expect(rules(base.replace("```bash", "```sh"))).toEqual(["code-block"]);
  });

  it("refuses a variant whose frontmatter differs", () => {
    expect(rules(base.replace("A demo skill.", "A better demo skill."))).toEqual(["frontmatter"]);
  });

  it("refuses a variant that grows past the bound, naming the numbers", () => {
    const verdict = guardVariant(base, base + "x\n".repeat(30), [edit]);
    expect(verdict.ok).toBe(false);
    expect(verdict.violations).toEqual([{ rule: "growth", message: `adds 30 lines to ${base.split("\n").length}; at most ${2 * base.split("\n").length} may be added` }]);
  });

  it("refuses a change with no recorded edit, and an edit without evidence", () => {
    expect(rules(base.replace("Run it.", "Run it now."), [])).toEqual(["unrecorded-edit"]);
    expect(rules(base.replace("Run it.\n", "Run it.\n\n> note\n"), [{ ...edit, evidence: [] }])).toEqual(["unrecorded-edit"]);
  });

  it("bounds growth as SkVM does: 2x under 100 lines, 1x up to 200, 0.5x above", () => {
    expect([maxAddedLines(10), maxAddedLines(99), maxAddedLines(100), maxAddedLines(200), maxAddedLines(201), maxAddedLines(1000)]).toEqual([20, 198, 100, 200, 100, 500]);
  });
});
