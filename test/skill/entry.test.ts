import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type Diagnostic, type SkillIR } from "../../src/skill/index.js";
import { lines, skillMd, tree } from "./fixture.js";

async function failsWith(content: string | Uint8Array): Promise<Diagnostic[]> {
  const root = await tree({ "skills/demo/SKILL.md": content });
  const result = await loadSkill(path.join(root, "skills", "demo"));
  if (result.ok) throw new Error("expected the skill to be refused");
  return result.diagnostics;
}

async function loads(content: string): Promise<SkillIR> {
  const root = await tree({ "skills/demo/SKILL.md": content });
  const result = await loadSkill(path.join(root, "skills", "demo"));
  if (!result.ok) throw new Error(`expected the skill to load: ${JSON.stringify(result.diagnostics)}`);
  return result.ir;
}

describe("reading SKILL.md", () => {
  it("refuses a 2 MiB SKILL.md with SKILL_TOO_LARGE naming the size and the cap", async () => {
    const big = skillMd("demo") + "x".repeat(2 * 1024 * 1024);
    const [d] = await failsWith(big);
    expect(d).toMatchObject({ code: "SKILL_TOO_LARGE", severity: "error", file: "skills/demo/SKILL.md" });
    expect(d?.message).toContain(`${Buffer.byteLength(big)} bytes`);
    expect(d?.message).toContain("1.0 MiB");
  });

  it("refuses a SKILL.md holding a NUL byte with SKILL_BINARY", async () => {
    const [d] = await failsWith(Buffer.concat([Buffer.from(skillMd("demo")), Buffer.from([0, 1, 2])]));
    expect(d?.code).toBe("SKILL_BINARY");
  });

  it("refuses a SKILL.md that is not valid UTF-8 with SKILL_BINARY", async () => {
    const [d] = await failsWith(Buffer.concat([Buffer.from(skillMd("demo")), Buffer.from([0xff, 0xfe, 0xc3])]));
    expect(d?.code).toBe("SKILL_BINARY");
  });

  it("loads a SKILL.md without frontmatter: name from the folder, description from the first heading and paragraph, one FRONTMATTER_MISSING warning", async () => {
    const ir = await loads(lines("# Just Markdown", "", "No frontmatter here."));
    expect(ir.frontmatter).toMatchObject({ name: "demo", description: "Just Markdown: No frontmatter here." });
    expect(ir.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["FRONTMATTER_MISSING", "warning", 1]]);
    expect(ir.body).toContain("# Just Markdown");
  });

  it.each([
    ["at the first blank line", lines("---", "name: demo", "description: x", "", "# Body", "text"), "# Body"],
    ["at an indented ---", lines("---", "name: demo", "description: |", "  x", "", "  y", "  ---", "# Body"), "# Body"],
    ["at the end of the file", lines("---", "name: demo", "description: x"), ""],
  ])("closes a frontmatter never closed by --- %s, warning FRONTMATTER_UNTERMINATED", async (_how, text, body) => {
    const ir = await loads(text);
    expect(ir.frontmatter.name).toBe("demo");
    if (body) expect(ir.body).toContain(body);
    else expect(ir.body).toBe("");
    expect(ir.diagnostics.find((d) => d.code === "FRONTMATTER_UNTERMINATED")).toMatchObject({ severity: "warning", line: 1 });
  });

  it("tolerates blank lines before the opening fence and keeps line numbers true", async () => {
    const ir = await loads(lines("", "", "---", "name: Demo", "description: x", "---"));
    expect(ir.diagnostics[0]).toMatchObject({ code: "SKILL_NAME_NORMALIZED", line: 4 });
  });
});
