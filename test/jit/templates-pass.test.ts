// The compiler pass that turns a skill's code blocks and documented script runs into templates.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { templatesPass } from "../../src/compiler/passes/templates/index.js";
import { Template } from "../../src/jit/index.js";
import type { CodeBlock } from "../../src/skill/ir.js";
import { loadSkill } from "../../src/skill/index.js";
import { makeIr } from "../helpers/ir.js";

const SKILLS = fileURLToPath(new URL("../../skills/", import.meta.url));

beforeAll(async () => {
  await templatesPass.setup?.();
});

let nextLine = 10;
/** A fenced block as the loader reports it; lines follow each other like in a real SKILL.md. */
function block(lang: string, code: string, section = "Usage"): CodeBlock {
  const startLine = nextLine;
  const endLine = startLine + code.split("\n").length;
  nextLine = endLine + 2;
  return { id: `b${startLine}`, lang, meta: "", code, startLine, endLine, section };
}

async function run(blocks: CodeBlock[], files: string[] = []) {
  const ir = { ...makeIr("body\n", files), codeBlocks: blocks };
  const { unit, diagnostics } = await templatesPass.run({ ir, out: { body: ir.body, files: {}, manifest: {} } }, { compilerVersion: "test" });
  return { templates: (unit.out.manifest.templates ?? []) as Template[], files: unit.out.files, diagnostics };
}

describe("templates pass", () => {
  it("makes a python block a code-block template named after its section, with a runnable program", async () => {
    const b = block("python", 'path = "notes.txt"\nprint(open(path).read().count("\\n"))\n', "Template: count lines");
    const { templates, files } = await run([b]);
    expect(templates).toHaveLength(1);
    const [t] = templates as [Template];
    expect(t).toMatchObject({ id: "count-lines", lang: "python", kind: "code-block", title: "count lines", file: "templates/count-lines.py" });
    expect(t.origin).toBe(`SKILL.md:L${b.startLine}-L${b.endLine}`);
    expect(t.params).toEqual([{ name: "path", type: "string", default: "notes.txt", description: "variable path (line 1)" }]);
    expect(files["templates/count-lines.py"]).toContain('_skvm_params["path"]');
    expect(() => Template.parse(t)).not.toThrow();
  });

  it("gives one script template per run in a block made only of bundled script runs", async () => {
    const b = block("bash", "python3 scripts/stats.py a.csv --top 5\n\n# then\npython3 {baseDir}/scripts/stats.py a.csv --top 5 --json > s.json\n");
    const { templates } = await run([b], ["scripts/stats.py"]);
    expect(templates.map((t) => [t.id, t.kind, t.title, t.origin])).toEqual([
      ["stats", "script", "run scripts/stats.py", `SKILL.md:L${b.startLine + 1}`],
      ["stats-2", "script", "run scripts/stats.py", `SKILL.md:L${b.startLine + 4}`],
    ]);
    expect(templates[1]!.params.map((p) => [p.name, p.default])).toEqual([
      ["path", "a.csv"],
      ["top", 5],
      ["output", "s.json"],
    ]);
  });

  it("keeps a shell block that mixes a script run with other commands as one template", async () => {
    const { templates } = await run([block("sh", "python3 scripts/stats.py a.csv\ncat out.txt\n", "Run it")], ["scripts/stats.py"]);
    expect(templates.map((t) => [t.id, t.kind])).toEqual([["run-it", "code-block"]]);
  });

  it("reads ts, js, py and shell info strings and skips other languages and empty blocks", async () => {
    const { templates } = await run([
      block("ts", 'const f = "a.json";\nconsole.log(f);\n', "A"),
      block("py", "print(1)\n", "B"),
      block("json", '{"a": 1}\n', "C"),
      block("text", "hello\n", "D"),
      block("bash", "   \n", "E"),
      block("shell", "ls -la\n", "F"),
    ]);
    expect(templates.map((t) => [t.id, t.lang, t.file])).toEqual([
      ["a", "javascript", "templates/a.mjs"],
      ["b", "python", "templates/b.py"],
      ["f", "bash", "templates/f.sh"],
    ]);
  });

  it("skips code that does not parse with an info diagnostic that names the line", async () => {
    const b = block("python", "def broken(:\n    pass\n", "Broken");
    const { templates, diagnostics } = await run([b]);
    expect(templates).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "TEMPLATE_SKIPPED", severity: "info", line: b.startLine, message: expect.stringContaining("does not parse as python") }),
    ]);
  });

  it("keeps one template for the same code written twice and numbers clashing ids", async () => {
    const { templates } = await run([
      block("python", "x = 1\nprint(x)\n", "Same"),
      block("python", "# again\nx = 2\nprint( x )\n", "Same"),
      block("python", "print(2)\n", "Same"),
    ]);
    expect(templates).toHaveLength(2);
    expect(templates[0]!.id).toBe("same");
    expect(templates[1]!.id).toMatch(/^same-\d+$/);
  });
});

describe("templates of the example skills", () => {
  const NAMES = ["csv-report", "git-changelog", "json-transform", "png-tools", "text-stats"];
  const all: { skill: string; templates: Template[]; files: Record<string, string> }[] = [];

  beforeAll(async () => {
    for (const name of NAMES) {
      const loaded = await loadSkill(`${SKILLS}${name}`);
      if (!loaded.ok) throw new Error(`${name} does not load`);
      const { ir } = loaded;
      const { unit, diagnostics } = await templatesPass.run({ ir, out: { body: ir.body, files: {}, manifest: {} } }, { compilerVersion: "test" });
      expect(diagnostics).toEqual([]);
      all.push({ skill: name, templates: unit.out.manifest.templates as Template[], files: unit.out.files });
    }
  });

  it("extracts the documented code blocks and script runs of every skill", () => {
    const ids = Object.fromEntries(all.map((s) => [s.skill, s.templates.map((t) => t.id)]));
    expect(ids["text-stats"]).toEqual(expect.arrayContaining(["text-stats", "word-frequency", "flesch-readability", "sentence-length-distribution", "shell-one-liners"]));
    expect(ids["csv-report"]).toEqual(expect.arrayContaining(["validate", "column-stats", "histograms", "outliers", "assemble", "reading-the-json-directly"]));
    expect(ids["png-tools"]).toEqual(expect.arrayContaining(["png-info", "png-grayscale", "make-test-png", "reading-pixels-in-your-own-code"]));
    expect(ids["json-transform"]).toEqual(expect.arrayContaining(["pretty", "transform", "doing-it-in-code-instead"]));
    expect(ids["git-changelog"]).toEqual(expect.arrayContaining(["find-the-range", "changelog", "bump-version", "suggest-the-next-version"]));
  });

  it("writes templates that satisfy the manifest schema, with unique ids and a program file each", () => {
    for (const { skill, templates, files } of all) {
      expect(new Set(templates.map((t) => t.id)).size, skill).toBe(templates.length);
      expect(new Set(templates.map((t) => t.fingerprint)).size, skill).toBe(templates.length);
      for (const t of templates) {
        expect(() => Template.parse(t), `${skill}/${t.id}`).not.toThrow();
        expect(files[t.file], `${skill}/${t.file}`).toBeDefined();
        expect(t.holes.filter((h) => "param" in h).every((h) => t.params.some((p) => "param" in h && p.name === h.param)), `${skill}/${t.id}`).toBe(true);
        expect(t.codeTokens).toBeGreaterThan(0);
      }
    }
  });

  it("names the parameters of the word-frequency template after its variables and keywords", () => {
    const wf = all.find((s) => s.skill === "text-stats")!.templates.find((t) => t.id === "word-frequency")!;
    expect(wf.params.map((p) => [p.name, p.type])).toEqual([
      ["path", "string"],
      ["top_n", "integer"],
      ["min_length", "integer"],
      ["stopwords", "array"],
    ]);
    expect(wf.pure).toBe(true);
  });

  it("keeps a release title apart from the release tag it happens to equal", () => {
    const run = all.find((s) => s.skill === "git-changelog")!.templates.find((t) => t.id === "changelog-2")!;
    expect(run.params.map((p) => [p.name, p.default])).toEqual([
      ["repo", "path/to/repo"],
      ["from", "v1.2.0"],
      ["to", "v1.3.0"],
      ["title", "v1.3.0"],
      ["out", "release-notes.md"],
    ]);
  });

  it("renders programs that python3, bash and node accept as syntax", () => {
    const programs = all.flatMap(({ templates, files }) => templates.map((t) => ({ lang: t.lang, file: t.file, text: files[t.file]! })));
    const python = programs.filter((p) => p.lang === "python");
    const checker = "import ast, json, sys\nfor p in json.load(sys.stdin):\n    ast.parse(p['text'], p['file'])\nprint('ok')\n";
    // sys.executable: the interpreter itself, not a version-manager shim in front of it.
    const python3 = execFileSync("python3", ["-c", "import sys; print(sys.executable)"]).toString().trim();
    expect(execFileSync(python3, ["-c", checker], { input: JSON.stringify(python) }).toString().trim()).toBe("ok");
    const bash = programs.filter((p) => p.lang === "bash");
    expect(bash.length).toBeGreaterThan(10);
    execFileSync("bash", ["-n"], { input: bash.map((p) => `{\n${p.text}\n}\n`).join("") });
    for (const p of programs.filter((q) => q.lang === "javascript")) {
      execFileSync(process.execPath, ["--check", "--input-type=module"], { input: p.text });
    }
  });

  it("is deterministic: compiling twice gives the same templates", async () => {
    const loaded = await loadSkill(`${SKILLS}text-stats`);
    if (!loaded.ok) throw new Error("text-stats does not load");
    const { ir } = loaded;
    const again = await templatesPass.run({ ir, out: { body: ir.body, files: {}, manifest: {} } }, { compilerVersion: "test" });
    expect(again.unit.out.manifest.templates).toEqual(all.find((s) => s.skill === "text-stats")!.templates);
  });
});
