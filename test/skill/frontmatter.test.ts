import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type LoadResult } from "../../src/skill/index.js";
import { codes, lines, tree } from "./fixture.js";

async function load(skillText: string): Promise<LoadResult> {
  const root = await tree({ "skills/demo/SKILL.md": skillText });
  return loadSkill(path.join(root, "skills", "demo"));
}

describe("frontmatter YAML", () => {
  it("refuses invalid YAML with FRONTMATTER_INVALID_YAML on the SKILL.md line of the mistake", async () => {
    const result = await load(lines("---", "name: demo", "description: ok", 'tags: "a, b', "---", "# Body"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ code: "FRONTMATTER_INVALID_YAML", severity: "error", file: "skills/demo/SKILL.md", line: 4 });
  });

  it("reads a one-line value that looks like a broken [list] as a string, warning FRONTMATTER_REPAIRED", async () => {
    const result = await load(lines("---", "name: demo", "description: ok", "argument-hint: [date] [reason]", "tags: [a, b]]", "---", "# Body"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.rawFrontmatter).toMatchObject({ "argument-hint": "[date] [reason]", tags: "[a, b]]" });
    expect(result.ir.diagnostics.filter((d) => d.code === "FRONTMATTER_REPAIRED").map((d) => d.line)).toEqual([4, 5]);
  });

  it("counts blank lines before the fence when mapping a YAML error to its line", async () => {
    const result = await load(lines("", "---", "name: demo", "description: ok", "\tlicense: MIT", "---"));
    expect(!result.ok && result.diagnostics[0]).toMatchObject({ code: "FRONTMATTER_INVALID_YAML", line: 5 });
  });

  it("stops an alias bomb with FRONTMATTER_ALIAS_BOMB instead of expanding it", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, cur] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "g"], ["g", "h"], ["h", "i"]]) {
      bomb.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const result = await load(lines("---", "name: demo", "description: ok", ...bomb, "---"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.diagnostics)).toEqual(["FRONTMATTER_ALIAS_BOMB"]);
  });

  it("repairs an unquoted colon in a description, with a FRONTMATTER_REPAIRED warning naming the line", async () => {
    const result = await load(lines("---", "name: demo", "description: Use when: you need X", "license: MIT", "---", "# Body"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.description).toBe("Use when: you need X");
    expect(result.ir.frontmatter.license).toBe("MIT");
    // frontmatterText is the YAML that parsed, so a consumer can re-parse it.
    expect(result.ir.frontmatterText).toContain('description: "Use when: you need X"');
    expect(result.ir.diagnostics).toEqual([expect.objectContaining({ code: "FRONTMATTER_REPAIRED", severity: "warning", line: 3 })]);
  });

  it("repairs a colon value that continues on indented lines, keeping later line numbers", async () => {
    const result = await load(lines("---", "name: demo", "description: Use when: you need X", "  and also Y", "nme: typo", "---"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.description).toBe("Use when: you need X and also Y");
    expect(result.ir.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["FRONTMATTER_REPAIRED", 3],
      ["SKILL_FIELD_UNKNOWN", 5],
    ]);
  });

  it("repairs a value starting with a backtick", async () => {
    const result = await load(lines("---", "name: demo", "description: `demo` converts files", "---"));
    expect(result.ok && result.ir.frontmatter.description).toBe("`demo` converts files");
  });

  it("refuses a frontmatter that is a list, not a mapping", async () => {
    const result = await load(lines("---", "- name", "- description", "---"));
    expect(!result.ok && codes(result.diagnostics)).toEqual(["FRONTMATTER_NOT_A_MAPPING"]);
  });

  it("warns on a duplicate key and keeps the last value", async () => {
    const result = await load(lines("---", "name: demo", "description: first", "description: second", "---"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.description).toBe("second");
    expect(result.ir.diagnostics.map((d) => [d.code, d.line])).toEqual([["FRONTMATTER_DUPLICATE_KEY", 4]]);
  });

  it("reads an empty frontmatter as missing name and description, and takes both from folder and body", async () => {
    const result = await load(lines("---", "---", "# Body"));
    expect(result.ok && codes(result.ir.diagnostics)).toEqual(["SKILL_NAME_MISSING", "SKILL_DESCRIPTION_MISSING"]);
    expect(result.ok && result.ir.frontmatter).toMatchObject({ name: "demo", description: "Body" });
  });
});
