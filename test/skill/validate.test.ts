import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type LoadResult } from "../../src/skill/index.js";
import { codes, lines, tree } from "./fixture.js";

async function load(frontmatter: string[], folder = "demo"): Promise<LoadResult> {
  const root = await tree({ [`skills/${folder}/SKILL.md`]: lines("---", ...frontmatter, "---", "# Body") });
  return loadSkill(path.join(root, "skills", folder));
}

const DESC = "description: Does a thing. Use when a thing is needed.";

describe("names and descriptions hosts would load: served with a warning", () => {
  it("takes a missing name from the folder, warning SKILL_NAME_MISSING with the rule in the hint", async () => {
    const result = await load([DESC]);
    expect(result.ok && result.ir.frontmatter.name).toBe("demo");
    if (!result.ok) return;
    expect(result.ir.diagnostics[0]).toMatchObject({ code: "SKILL_NAME_MISSING", severity: "warning", file: "skills/demo/SKILL.md", line: 1 });
    expect(result.ir.diagnostics[0]?.hint).toContain("1-64 characters");
  });

  it("points at a differently-cased key when name is missing", async () => {
    const result = await load(["Name: demo", DESC]);
    expect(result.ok && result.ir.diagnostics.find((d) => d.code === "SKILL_NAME_MISSING")?.hint).toContain('found "Name"');
  });

  it.each([
    ["PDF", "has uppercase letters", "pdf"],
    ["pdf_tools", "other than lowercase letters, digits and hyphens", "pdf-tools"],
    ["PDF Tools", "has uppercase letters", "pdf-tools"],
    ["-pdf", "starts or ends with a hyphen", "pdf"],
    ["pdf--tools", "consecutive hyphens", "pdf-tools"],
    ["Café Menu", "has uppercase letters", "cafe-menu"],
    ["a".repeat(65), "65 characters, over 64", "a".repeat(64)],
  ])("serves the name %j normalized, keeping the original for display (SKILL_NAME_NORMALIZED on its line)", async (name, problem, normalized) => {
    const result = await load([DESC, `name: "${name}"`]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter).toMatchObject({ name: normalized, displayName: name });
    const d = result.ir.diagnostics.find((x) => x.code === "SKILL_NAME_NORMALIZED");
    expect(d).toMatchObject({ severity: "warning", line: 3 });
    expect(d?.message).toContain(problem);
    expect(d?.message).toContain(`served as "${normalized}"`);
  });

  it("refuses a name with nothing usable in a folder with nothing usable, with SKILL_NAME_INVALID", async () => {
    const result = await load([DESC, 'name: "日本語"'], "日本");
    expect(!result.ok && result.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(["SKILL_NAME_INVALID", "error"]);
  });

  it("takes a missing description from the body's first heading and paragraph", async () => {
    const root = await tree({ "skills/demo/SKILL.md": lines("---", "name: demo", "---", "# Merge PDFs", "", "Joins *several* PDF files into [one](x).", "", "More text.") });
    const result = await loadSkill(path.join(root, "skills", "demo"));
    expect(result.ok && result.ir.frontmatter.description).toBe("Merge PDFs: Joins several PDF files into one.");
    expect(result.ok && result.ir.diagnostics.map((d) => [d.code, d.severity])).toEqual([["SKILL_DESCRIPTION_MISSING", "warning"]]);
  });

  it("refuses a missing or blank description when the body has no heading or paragraph either", async () => {
    for (const value of ['""', "   ", "[a, b]"]) {
      const root = await tree({ "skills/demo/SKILL.md": lines("---", "name: demo", `description: ${value}`, "---", "```bash", "echo hi", "```") });
      const result = await loadSkill(path.join(root, "skills", "demo"));
      expect(!result.ok && result.diagnostics[0]).toMatchObject({ code: "SKILL_DESCRIPTION_MISSING", severity: "error", line: 3 });
    }
  });
});

describe("agentskills.io soft rules (warnings, still loaded)", () => {
  it("warns SKILL_NAME_MISMATCH when name differs from the folder, and keeps the frontmatter name", async () => {
    const result = await load(["name: pdf-tools", DESC], "pdf");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.name).toBe("pdf-tools");
    expect(result.ir.folder).toBe("pdf");
    expect(result.ir.diagnostics).toEqual([
      expect.objectContaining({ code: "SKILL_NAME_MISMATCH", severity: "warning", file: "skills/pdf/SKILL.md", line: 2, message: 'name "pdf-tools" must equal the folder name "pdf"' }),
    ]);
  });

  it("warns SKILL_DESCRIPTION_TOO_LONG over 1024 characters and keeps the text whole", async () => {
    const long = "x".repeat(1025);
    const result = await load(["name: demo", `description: ${long}`]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.description).toBe(long);
    expect(result.ir.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["SKILL_DESCRIPTION_TOO_LONG", "warning", 3]]);
  });

  it("counts characters, not UTF-16 units, against the 1024 limit", async () => {
    const result = await load(["name: demo", `description: ${"😀".repeat(1024)}`]);
    expect(result.ok && result.ir.diagnostics).toEqual([]);
  });

  it("warns SKILL_COMPATIBILITY_TOO_LONG over 500 characters", async () => {
    const result = await load(["name: demo", DESC, `compatibility: ${"y".repeat(501)}`]);
    expect(result.ok && result.ir.diagnostics.map((d) => [d.code, d.line])).toEqual([["SKILL_COMPATIBILITY_TOO_LONG", 4]]);
  });

  it("warns when metadata values are not strings but keeps them", async () => {
    const result = await load(["name: demo", DESC, "metadata:", "  version: 1.0", "  tags: [a, b]", "  author: me"]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.metadata).toEqual({ version: 1, tags: ["a", "b"], author: "me" });
    expect(result.ir.diagnostics).toEqual([expect.objectContaining({ code: "SKILL_METADATA_NOT_STRING", severity: "warning", line: 5 })]);
  });

  it("warns when metadata is not a map and leaves it out of the frontmatter", async () => {
    const result = await load(["name: demo", DESC, "metadata: [a]"]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.frontmatter.metadata).toBeUndefined();
    expect(result.ir.rawFrontmatter.metadata).toEqual(["a"]);
    expect(codes(result.ir.diagnostics)).toEqual(["SKILL_METADATA_INVALID"]);
  });

  it("reads allowed-tools as a space-separated string, a comma list, or a YAML list", async () => {
    const cases: Array<[string, string[]]> = [
      ["allowed-tools: Bash(git add:*) Read Write", ["Bash(git add:*)", "Read", "Write"]],
      ["allowed-tools: Bash, Read, Write", ["Bash", "Read", "Write"]],
      ["allowed-tools: [Bash, Read]", ["Bash", "Read"]],
    ];
    for (const [line, tools] of cases) {
      const result = await load(["name: demo", DESC, line]);
      expect(result.ok && result.ir.frontmatter.allowedTools).toEqual(tools);
    }
  });

  it("reads a numeric license as text with a SKILL_FIELD_TYPE warning", async () => {
    const result = await load(["name: demo", DESC, "license: 2"]);
    expect(result.ok && result.ir.frontmatter.license).toBe("2");
    expect(result.ok && codes(result.ir.diagnostics)).toEqual(["SKILL_FIELD_TYPE"]);
  });

  it("notes unknown top-level keys as info and keeps them in rawFrontmatter", async () => {
    const result = await load(["name: demo", DESC, "version: 1.2.0", "allowed_tools: Read"]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.rawFrontmatter.version).toBe("1.2.0");
    expect(result.ir.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ["SKILL_FIELD_UNKNOWN", "info", 4],
      ["SKILL_FIELD_UNKNOWN", "info", 5],
    ]);
    expect(result.ir.diagnostics[1]?.hint).toContain('did you mean "allowed-tools"');
  });

  it("reports at most 20 unknown fields one by one, then one summary", async () => {
    const result = await load(["name: demo", DESC, ...Array.from({ length: 500 }, (_, i) => `extra${i}: x`)]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.diagnostics).toHaveLength(21);
    expect(result.ir.diagnostics[20]).toMatchObject({ code: "SKILL_FIELD_UNKNOWN", line: 24, message: "480 more fields are not part of the specification" });
  });
});
