import { createHash } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeSourceHash, loadSkill, SkillIR } from "../../src/skill/index.js";
import { codes, lines, skillMd, tree } from "./fixture.js";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

const SKILL = lines(
  /*  1 */ "---",
  /*  2 */ "name: pdf-tools",
  /*  3 */ "description: Merge and split PDF files. Use when the user asks to combine PDFs.",
  /*  4 */ "license: MIT",
  /*  5 */ "allowed-tools: Bash(python3 scripts/merge.py:*) Read",
  /*  6 */ `metadata: {"openclaw":{"requires":{"bins":["qpdf"],"anyBins":["python3","python"],"env":["PDF_TOKEN"],"config":["browser.enabled"]},"os":["linux","darwin"],"install":[{"id":"q","kind":"brew","formula":"qpdf","bins":["qpdf"]}]}}`,
  /*  7 */ "required_environment_variables:",
  /*  8 */ "  - PDF_HOME",
  /*  9 */ "  - name: PDF_CACHE",
  /* 10 */ "    prompt: Where to cache rendered pages",
  /* 11 */ "    optional: true",
  /* 12 */ "platforms: [macos, linux]",
  /* 13 */ "---",
  /* 14 */ "Intro line.",
  /* 15 */ "",
  /* 16 */ "# PDF Tools",
  /* 17 */ "",
  /* 18 */ "## Step 1: Inspect",
  /* 19 */ "",
  /* 20 */ "```bash",
  /* 21 */ "qpdf --show-npages in.pdf",
  /* 22 */ "```",
  /* 23 */ "",
  /* 24 */ "## Merge",
  /* 25 */ "",
  /* 26 */ "1. Collect the *inputs*.",
  /* 27 */ "2. Run the merge:",
  /* 28 */ "",
  /* 29 */ "   ```Python merge",
  /* 30 */ '   print("merge")',
  /* 31 */ "   ```",
  /* 32 */ "3. Check the output.",
  /* 33 */ "",
  /* 34 */ "### 3. Assemble",
  /* 35 */ "",
  /* 36 */ "Done.",
);

async function pdfSkill(skillText = SKILL): Promise<string> {
  const root = await tree({
    "skills/pdf-tools/SKILL.md": skillText,
    "skills/pdf-tools/scripts/merge.py": "print('merge')\n",
    "skills/pdf-tools/references/guide.md": "# Guide\n",
    "skills/pdf-tools/assets/logo.png": PNG,
    "skills/pdf-tools/run.sh": "#!/bin/sh\necho hi\n",
    "skills/pdf-tools/notes.txt": "plain notes\n",
    "skills/pdf-tools/LICENSE": "MIT License\n",
    "skills/pdf-tools/data.weird-ext": Uint8Array.from([1, 0, 2, 3]),
    "skills/pdf-tools/.git/config": "[core]\n",
    "skills/pdf-tools/node_modules/x/index.js": "module.exports = 1;\n",
    "skills/pdf-tools/scripts/__pycache__/merge.cpython-312.pyc": Uint8Array.from([0, 1]),
    "skills/pdf-tools/.DS_Store": Uint8Array.from([0]),
  });
  return path.join(root, "skills", "pdf-tools");
}

async function loadOk(dir: string): Promise<SkillIR> {
  const result = await loadSkill(dir);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.diagnostics)}`);
  return result.ir;
}

describe("loadSkill on a valid skill", () => {
  it("returns an IR that satisfies the SkillIR schema", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(() => SkillIR.parse(ir)).not.toThrow();
    expect(ir.folder).toBe("pdf-tools");
    expect(ir.entry).toBe("SKILL.md");
    expect(path.isAbsolute(ir.dir)).toBe(true);
  });

  it("reads the frontmatter fields, verbatim raw keys and the YAML text between the fences", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.frontmatter.name).toBe("pdf-tools");
    expect(ir.frontmatter.license).toBe("MIT");
    expect(ir.frontmatter.allowedTools).toEqual(["Bash(python3 scripts/merge.py:*)", "Read"]);
    expect(ir.rawFrontmatter["allowed-tools"]).toBe("Bash(python3 scripts/merge.py:*) Read");
    expect(Object.keys(ir.rawFrontmatter)).toContain("required_environment_variables");
    expect(ir.frontmatterText).toBe(SKILL.split("\n").slice(1, 12).join("\n"));
    expect(ir.bodyStartLine).toBe(14);
    expect(ir.body.startsWith("Intro line.\n")).toBe(true);
  });

  it("cuts the body into sections at headings, the preamble being section \"\"", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.sections).toEqual([
      { heading: "", depth: 0, startLine: 14, endLine: 15 },
      { heading: "PDF Tools", depth: 1, startLine: 16, endLine: 17 },
      { heading: "Step 1: Inspect", depth: 2, startLine: 18, endLine: 23 },
      { heading: "Merge", depth: 2, startLine: 24, endLine: 33 },
      { heading: "3. Assemble", depth: 3, startLine: 34, endLine: 36 },
    ]);
  });

  it("lists fenced code blocks with lowercased lang, meta, code and SKILL.md line numbers", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.codeBlocks).toEqual([
      { id: "cb1", lang: "bash", meta: "", code: "qpdf --show-npages in.pdf", startLine: 20, endLine: 22, section: "Step 1: Inspect" },
      { id: "cb2", lang: "python", meta: "merge", code: 'print("merge")', startLine: 29, endLine: 31, section: "Merge" },
    ]);
  });

  it("finds steps in ordered lists (with nested code) and in numbered headings, in document order", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.steps).toEqual([
      { number: 1, text: "Inspect", startLine: 18, endLine: 22, section: "PDF Tools", codeBlockIds: ["cb1"] },
      { number: 1, text: "Collect the inputs.", startLine: 26, endLine: 26, section: "Merge", codeBlockIds: [] },
      { number: 2, text: "Run the merge:", startLine: 27, endLine: 31, section: "Merge", codeBlockIds: ["cb2"] },
      { number: 3, text: "Check the output.", startLine: 32, endLine: 32, section: "Merge", codeBlockIds: [] },
      { number: 3, text: "Assemble\nDone.", startLine: 34, endLine: 36, section: "Merge", codeBlockIds: [] },
    ]);
  });

  it("inventories bundled files with kind, MIME type, binary flag and digest, leaving out the entry and junk", async () => {
    const ir = await loadOk(await pdfSkill());
    const summary = ir.files.map((f) => [f.path, f.kind, f.mimeType, f.binary, f.size]);
    expect(summary).toEqual([
      ["LICENSE", "other", "text/plain", false, 12],
      ["assets/logo.png", "asset", "image/png", true, PNG.length],
      ["data.weird-ext", "other", "application/octet-stream", true, 4],
      ["notes.txt", "other", "text/plain", false, 12],
      ["references/guide.md", "reference", "text/markdown", false, 8],
      ["run.sh", "script", "application/x-sh", false, 18],
      ["scripts/merge.py", "script", "text/x-python", false, 15],
    ]);
    const merge = ir.files.find((f) => f.path === "scripts/merge.py");
    expect(merge?.digest).toBe(`sha256:${createHash("sha256").update("print('merge')\n").digest("hex")}`);
  });

  it("merges OpenClaw one-line JSON metadata and Hermes fields into one requirements model", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.requirements).toEqual({
      bins: [{ name: "qpdf", origin: "metadata.openclaw.requires.bins" }],
      anyBins: [{ names: ["python3", "python"], origin: "metadata.openclaw.requires.anyBins" }],
      env: [
        { name: "PDF_TOKEN", optional: false, origin: "metadata.openclaw.requires.env" },
        { name: "PDF_HOME", optional: false, origin: "required_environment_variables" },
        { name: "PDF_CACHE", optional: true, origin: "required_environment_variables" },
      ],
      os: ["linux", "darwin"],
      install: [{ kind: "brew", package: "qpdf", bins: ["qpdf"], origin: "metadata.openclaw.install[0]" }],
    });
  });

  it("has a sourceHash equal to computeSourceHash of the folder", async () => {
    const dir = await pdfSkill();
    const ir = await loadOk(dir);
    expect(ir.sourceHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ir.sourceHash).toBe(await computeSourceHash(dir));
  });

  it("reports no warnings for a clean skill, only an info that OpenClaw nests objects in metadata", async () => {
    const ir = await loadOk(await pdfSkill());
    expect(ir.diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([
      ["SKILL_METADATA_NOT_STRING", "info", "skills/pdf-tools/SKILL.md", 6],
    ]);
  });

  it("gives the same lines and text for a file saved with a BOM and CRLF line endings", async () => {
    const ir = await loadOk(await pdfSkill(`\uFEFF${SKILL.replace(/\n/g, "\r\n")}`));
    expect(ir.bodyStartLine).toBe(14);
    expect(ir.codeBlocks.map((c) => [c.startLine, c.endLine, c.code])).toEqual([
      [20, 22, "qpdf --show-npages in.pdf"],
      [29, 31, 'print("merge")'],
    ]);
    expect(ir.frontmatterText).not.toContain("\r");
  });

  it("accepts a lowercase skill.md entry", async () => {
    const root = await tree({ "s/tiny/skill.md": skillMd("tiny") });
    const ir = await loadOk(path.join(root, "s", "tiny"));
    expect(ir.entry).toBe("skill.md");
    expect(ir.files).toEqual([]);
  });
});

describe("loadSkill diagnostics", () => {
  it("names files relative to the skills root's parent by default, or to displayRoot", async () => {
    const root = await tree({ "skills/pdf/SKILL.md": skillMd("PDF") });
    const dir = path.join(root, "skills", "pdf");
    const byDefault = await loadSkill(dir);
    expect(byDefault.ok).toBe(true);
    if (!byDefault.ok) return;
    expect(byDefault.ir.diagnostics[0]).toMatchObject({ code: "SKILL_NAME_NORMALIZED", file: "skills/pdf/SKILL.md", line: 2 });
    expect(byDefault.ir.dir).toBe(dir);

    const custom = await loadSkill(dir, { displayRoot: path.join(root, "skills") });
    expect(custom.ok && custom.ir.diagnostics[0]?.file).toBe("pdf/SKILL.md");
  });

  it("refuses a folder without SKILL.md", async () => {
    const root = await tree({ "skills/empty/readme.txt": "hi\n" });
    const result = await loadSkill(path.join(root, "skills", "empty"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.diagnostics)).toEqual(["SKILL_ENTRY_MISSING"]);
  });

  it("refuses a folder that does not exist, without throwing", async () => {
    const root = await tree({});
    const result = await loadSkill(path.join(root, "nope"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.diagnostics)).toEqual(["SKILL_DIR_NOT_FOUND"]);
  });
});
