import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type Diagnostic } from "../../src/skill/index.js";
import { lines, skillMd, tree } from "./fixture.js";

async function failsWith(content: string | Uint8Array): Promise<Diagnostic[]> {
  const root = await tree({ "skills/demo/SKILL.md": content });
  const result = await loadSkill(path.join(root, "skills", "demo"));
  if (result.ok) throw new Error("expected the skill to be refused");
  return result.diagnostics;
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

  it("refuses a SKILL.md without a frontmatter fence with FRONTMATTER_MISSING on line 1", async () => {
    const [d] = await failsWith(lines("# Just Markdown", "", "No frontmatter here."));
    expect(d).toMatchObject({ code: "FRONTMATTER_MISSING", line: 1 });
  });

  it("refuses a frontmatter that is never closed with FRONTMATTER_UNTERMINATED", async () => {
    const [d] = await failsWith(lines("---", "name: demo", "description: x", "# Body"));
    expect(d).toMatchObject({ code: "FRONTMATTER_UNTERMINATED", line: 1 });
  });

  it("tolerates blank lines before the opening fence and keeps line numbers true", async () => {
    const root = await tree({ "skills/demo/SKILL.md": lines("", "", "---", "name: Demo", "description: x", "---") });
    const result = await loadSkill(path.join(root, "skills", "demo"));
    expect(!result.ok && result.diagnostics[0]).toMatchObject({ code: "SKILL_NAME_INVALID", line: 4 });
  });
});
