// Issue 10 items 7-8, through real server processes: a script that takes a list of files is one
// template whose direct tool takes an array, and a direct call (after a restart) never loads the
// matcher, the parsers or the tokenizer; tokens saved are counted after the answer.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

type Run = { exitCode: number | null; stdout: string; served?: boolean; match?: { kind: string; template?: string; params: Record<string, unknown> } };
const structured = (r: { structuredContent?: unknown }) => r.structuredContent as Run;

const COUNT = [
  "import argparse",
  "p = argparse.ArgumentParser()",
  'p.add_argument("files", nargs="+", help="text files")',
  'p.add_argument("--top", type=int, default=3)',
  'p.add_argument("--label", default="")',
  "a = p.parse_args()",
  "for f in a.files:",
  "    print(f, len(open(f).read().split()), a.top)",
].join("\n");

describe("direct tools: list parameters, and a first call that loads nothing heavy", () => {
  let root: string;
  let work: string;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const env = (extra: Record<string, string> = {}) => ({ SKVM_HOME: join(root, "home"), ...extra });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-direct-"));
    work = join(root, "work");
    await writeSkill(root, "skills/words", {
      "SKILL.md": skillMd("words", "Counts words in text files", "# Count\n\n```bash\npython3 scripts/count.py notes.txt --top 3 --label 'word counts of the chapters, longest chapter first, for the weekly editorial report'\n```\n\n## Bytes\n\n```bash\nwc -c notes.txt\n```\n"),
      "scripts/count.py": `${COUNT}\n`,
    });
    await writeSkill(root, "work", { "a.txt": "one two", "b.txt": "one two three", "c.txt": "x", secret: "not for you\n" });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("promotes runs with one, two and three files as one template and serves an array parameter", async () => {
    const conn = await connectStdio(args(), env());
    try {
      const lists = [["a.txt"], ["a.txt", "b.txt"], ["a.txt", "b.txt", "c.txt"]];
      for (const files of lists) {
        const r = structured(await conn.client.callTool({ name: "run_code", arguments: { skill: "words", language: "bash", code: `python3 scripts/count.py ${files.join(" ")} --top 2 --label x`, cwd: work } }));
        expect(r.exitCode).toBe(0);
        expect(r.match).toMatchObject({ kind: "exact", template: "count", params: { files, top: 2, label: "x" } });
      }
      const tool = (await conn.client.listTools()).tools.find((t) => t.name === "words__count");
      expect(tool?.inputSchema.properties).toMatchObject({ files: { type: "array" }, top: { type: "integer" } });
      const direct = structured(await conn.client.callTool({ name: "words__count", arguments: { files: ["c.txt", "b.txt"], cwd: work } }));
      expect(direct).toMatchObject({ exitCode: 0, stdout: "c.txt 1 3\nb.txt 3 3\n" });
    } finally {
      await conn.close();
    }
  });

  it("answers the first direct call after a restart without loading the JIT engine, and counts saved tokens later", async () => {
    const conn = await connectStdio(args(), env({ SKVM_LOG_LEVEL: "debug" }));
    const stateDir = join(root, "home", "jit");
    const [file] = await readdir(stateDir);
    const saved = async () => JSON.parse(await readFile(join(stateDir, file!), "utf8")).templates["words/count"].tokensSaved as number;
    const before = await saved();
    try {
      const r = structured(await conn.client.callTool({ name: "words__count", arguments: { files: ["a.txt"], top: 9, cwd: work } }));
      expect(r).toMatchObject({ exitCode: 0, stdout: "a.txt 2 9\n" });
      expect(conn.stderr()).not.toContain("loading the JIT engine");
      // Counted once calls pause (the o200k tables load only then), and saved.
      await expect.poll(saved, { timeout: 20_000 }).toBeGreaterThan(before);
      expect(conn.stderr()).toContain("loading the JIT engine");
    } finally {
      await conn.close();
    }
  });

  it("refuses a direct call whose operand would be read as an option (wc --files0-from=...)", async () => {
    const conn = await connectStdio(args(), env());
    try {
      for (const f of ["a.txt", "b.txt", "c.txt"]) {
        const r = structured(await conn.client.callTool({ name: "run_code", arguments: { skill: "words", language: "bash", code: `wc -c ${f}`, cwd: work } }));
        expect(r.match).toMatchObject({ kind: "exact", template: "bytes" });
      }
      const r = await conn.client.callTool({ name: "words__bytes", arguments: { path: `--files0-from=${join(work, "secret")}`, cwd: work } });
      expect(r.isError).toBe(true);
      const text = (r.content as { text: string }[])[0]!.text;
      expect(text).toMatch(/^PARAM_OPTION_LIKE: template "bytes" \(SKILL\.md:L\d+-L\d+\) parameter path/);
      expect(text).toContain('hint: for a file of that name pass "./--files0-from=');
      expect(text).not.toContain("not for you");
    } finally {
      await conn.close();
    }
  });
});

describe("damaged compiled artifacts", () => {
  let root: string;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-damaged-"));
    await writeSkill(root, "skills/greet", {
      "SKILL.md": skillMd("greet", "Greets someone", '# Greet\n\n```python\nname = "world"\nprint(f"hello {name}")\n```\n'),
    });
    await writeSkill(root, "skills/other", { "SKILL.md": skillMd("other", "Another skill") });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("falls back to the code as given and demotes a promoted template whose program was deleted", async () => {
    const conn = await connectStdio(args(), { SKVM_HOME: join(root, "home") });
    try {
      const run = (who: string) => conn.client.callTool({ name: "run_code", arguments: { skill: "greet", language: "python", code: `name = "${who}"\nprint(f"hello {name}")\n` } });
      for (const who of ["a", "b", "c"]) expect(structured(await run(who)).exitCode).toBe(0);
      const tool = (await conn.client.listTools()).tools.find((t) => t.name.startsWith("greet__"));
      expect(tool).toBeDefined();
      await rm(join(root, "compiled", "greet", "templates"), { recursive: true });
      const r = structured(await run("dee"));
      expect(r).toMatchObject({ exitCode: 0, stdout: "hello dee\n", served: false });
      await expect.poll(async () => (await conn.client.listTools()).tools.some((t) => t.name === tool!.name)).toBe(false);
    } finally {
      await conn.close();
    }
  });

  it("answers load_skill for a deleted compiled SKILL.md with a coded error and keeps serving the others", async () => {
    await rm(join(root, "compiled", "greet", "SKILL.md"));
    const conn = await connectStdio(args(), { SKVM_HOME: join(root, "home") });
    try {
      const r = await conn.client.callTool({ name: "load_skill", arguments: { name: "greet" } });
      expect(r.isError).toBe(true);
      const text = (r.content as { text: string }[])[0]!.text;
      expect(text).toMatch(/^ARTIFACT_MISSING: .*compiled\/greet\/SKILL\.md, the compiled instructions of skill "greet", is gone; hint: recompile/);
      expect(text).not.toContain("ENOENT");
      const other = await conn.client.callTool({ name: "load_skill", arguments: { name: "other" } });
      expect(other.isError).toBeFalsy();
    } finally {
      await conn.close();
    }
  });
});

describe("result cache: only results whose every input is known, checked on each hit", () => {
  let root: string;
  const SUM = ["import json", "", 'folder = "data"', 'with open(folder + "/values.json") as fh:', "    print(sum(json.load(fh)))"].join("\n");

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-cache-"));
    await writeSkill(root, "skills/sums", { "SKILL.md": skillMd("sums", "Adds the numbers in a folder's values.json", `# Sum\n\n\`\`\`python\n${SUM}\n\`\`\`\n`) });
    await writeSkill(root, "work", { "data/values.json": "[1, 2, 3]" });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("sees a change to a file the program opened that no parameter names (folder + \"/values.json\")", async () => {
    const conn = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") });
    const cwd = join(root, "work");
    try {
      for (let i = 0; i < 3; i++) expect(structured(await conn.client.callTool({ name: "run_code", arguments: { skill: "sums", language: "python", code: SUM, cwd } })).stdout).toBe("6\n");
      const tool = (await conn.client.listTools()).tools.find((t) => t.name.startsWith("sums__"))!.name;
      const call = async () => (await conn.client.callTool({ name: tool, arguments: { folder: "data", cwd } })).structuredContent as { stdout: string; cached: boolean };
      expect(await call()).toMatchObject({ stdout: "6\n", cached: false });
      expect(await call()).toMatchObject({ stdout: "6\n", cached: true });
      await writeFile(join(cwd, "data", "values.json"), "[1000]");
      expect(await call()).toMatchObject({ stdout: "1000\n", cached: false });
      expect(await call()).toMatchObject({ stdout: "1000\n", cached: true });
    } finally {
      await conn.close();
    }
  });
});
