// Template programs run for real: parameter values arrive as data (argv / JSON), never as code,
// whatever shell or language syntax they contain.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programArgs, type JitLang, type ParamValue, type ScriptArgs, type Template } from "../../src/jit/index.js";
import { buildTemplate } from "../../src/jit/engine.js";
import { loadParsers, type Parsers } from "../../src/syntax/index.js";

let parsers: Parsers;
/** The interpreter itself, not a version-manager shim in front of it (each shim run costs a shell). */
let python3: string;
let dir: string;
let skillDir: string;
/** Would exist if any value were ever executed. */
let marker: string;

beforeAll(async () => {
  parsers = await loadParsers();
  python3 = execFileSync("python3", ["-c", "import sys; print(sys.executable)"]).toString().trim();
  dir = await mkdtemp(join(tmpdir(), "skvm-program-"));
  skillDir = join(dir, "skill");
  await mkdir(join(skillDir, "scripts"), { recursive: true });
  await writeFile(join(skillDir, "scripts", "argv.py"), "import json, sys\nprint(json.dumps(sys.argv[1:]))\n");
  marker = join(dir, "pwned");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every trick a value could use to become code, in one place. */
const hostile = () => [`; rm -rf ${dir}/nothing`, `$(touch ${marker})`, `\`touch ${marker}\``, "line one\nline two", "--option", `' " \\ $HOME %s {0}`];

function build(lang: JitLang, code: string, bundled: string[] = [], scripts: Record<string, ScriptArgs> = {}): { template: Template; program: string } {
  const built = buildTemplate({ id: "t", lang, kind: "code-block", title: "t", code, origin: "SKILL.md:L1" }, parsers, { bundled: new Set(bundled), scripts }, (t) => t.length);
  if (!built.ok) throw new Error(built.reason);
  return built;
}

const FILES = { python: "prog.py", bash: "prog.sh", javascript: "prog.mjs" } as const;


async function run(lang: JitLang, built: { template: Template; program: string }, values: Record<string, ParamValue>, env: Record<string, string> = {}): Promise<string> {
  const file = join(dir, FILES[lang]);
  await writeFile(file, built.program);
  return new Promise((resolve, reject) => {
    execFile(
      { python: python3, bash: "bash", javascript: process.execPath }[lang],
      [file, ...programArgs(lang, built.template.params, values)],
      { cwd: dir, env: { PATH: `${dirname(python3)}:${process.env.PATH ?? ""}`, HOME: dir, SKVM_SKILL_DIR: skillDir, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe("python template program", () => {
  const code = `import json

path = "notes.txt"  # <- change
label = "draft"
with open(path, encoding="utf-8") as fh:
    text = fh.read()
print(json.dumps({"label": label, "text": text, "path": path}))
`;

  it("reads every parameter from argv instead of the literal the author wrote", () => {
    const { program } = build("python", code);
    expect(program).not.toContain('"notes.txt"');
    expect(program).not.toContain('"draft"');
    expect(program).toContain('_skvm_params["path"]');
  });

  it("passes values with shell and quoting syntax through as literal data", async () => {
    const built = build("python", code);
    const name = "--weird; $(touch pwned).txt";
    await writeFile(join(dir, name), "body `touch x`\n");
    // An option-looking value alone, then every other trick in one value.
    for (const label of ["--option", hostile().join("\n")]) {
      const out = JSON.parse(await run("python", built, { path: name, label }));
      expect(out).toEqual({ label, text: "body `touch x`\n", path: name });
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("puts its parameter prologue after a docstring's `from __future__` import, and keeps floats floats", async () => {
    const code = '"""Scale a value."""\nfrom __future__ import annotations\nfactor = 1.5\nprint(repr(factor * 2))\n';
    const built = build("python", code);
    expect(built.template.params).toEqual([expect.objectContaining({ name: "factor", type: "number" })]);
    expect(await run("python", built, { factor: 3 })).toBe("6.0\n");
  });

  it("uses the author's values for parameters the caller leaves out", async () => {
    await writeFile(join(dir, "notes.txt"), "n\n");
    expect(JSON.parse(await run("python", build("python", code), {}))).toEqual({ label: "draft", text: "n\n", path: "notes.txt" });
  });

  it("rebuilds a set parameter as a set and a list of files as a list", async () => {
    const built = build("python", 'stop = {"a", "b"}\nfor f in ["x.txt", "y.txt"]:\n    print(f, type(stop).__name__, sorted(stop))\n');
    const out = await run("python", built, { stop: ["q", "$(x)"], paths: ["one two.txt", "`id`.txt"] });
    expect(out).toBe("one two.txt set ['$(x)', 'q']\n`id`.txt set ['$(x)', 'q']\n");
  });
});

describe("bash template program", () => {
  it("passes a bundled script's arguments as separate literal words", async () => {
    const built = build("bash", 'python3 {baseDir}/scripts/argv.py data.csv --out result.json --title "Report"\n', ["scripts/argv.py"]);
    expect(built.program).toContain('"${SKVM_SKILL_DIR}/scripts/argv.py"');
    const [a, b, c, d, e, f] = hostile() as [string, string, string, string, string, string];
    expect(JSON.parse(await run("bash", built, { path: a, out: b, title: c }))).toEqual([a, "--out", b, "--title", c]);
    expect(JSON.parse(await run("bash", built, { path: d, out: e, title: f }))).toEqual([d, "--out", e, "--title", f]);
    expect(existsSync(marker)).toBe(false);
  });

  it("passes a list parameter as that many words, none of them code, between scalar parameters", async () => {
    const scripts = { "scripts/argv.py": { positionals: [{ name: "files", list: true }], flags: ["--json"] } };
    const built = build("bash", "N=3\npython3 scripts/argv.py a.txt b.txt --json --top 20 > out.json\ncat out.json\n", ["scripts/argv.py"], scripts);
    expect(built.template.params.map((p) => [p.name, p.type])).toEqual([["n", "integer"], ["files", "array"], ["top", "integer"], ["output", "string"]]);
    const files = ["x.txt", ...hostile().slice(0, 3), "~/h.txt"];
    const printed = await run("bash", built, { n: 7, files, top: 5, output: "o.json" });
    expect(JSON.parse(printed)).toEqual([...files.slice(0, 4), join(dir, "h.txt"), "--json", "--top", "5"]);
    expect(JSON.parse(await run("bash", built, { files: [] }))).toEqual(["--json", "--top", "20"]);
    expect(existsSync(marker)).toBe(false);
  });

  it("expands a leading ~/ the way the shell would have for the word it replaces", async () => {
    const built = build("bash", "python3 scripts/argv.py ~/in.csv out.csv\n", ["scripts/argv.py"]);
    expect(JSON.parse(await run("bash", built, { path: "~/docs/a b.csv", path_2: "/x/~/y" }))).toEqual([join(dir, "docs/a b.csv"), "/x/~/y"]);
  });

  it("refuses an operand that starts with '-' (option injection) unless the command had `--`", async () => {
    const built = build("bash", "wc -c notes.txt\n");
    expect(built.template.params).toMatchObject([{ name: "path", operand: true }]);
    await writeFile(join(dir, "secret"), "not for you\n");
    const injected = run("bash", built, { path: `--files0-from=${join(dir, "secret")}` });
    await expect(injected).rejects.toThrow(/PARAM_OPTION_LIKE: parameter path/);
    expect((await run("bash", built, { path: "-" }, {}).catch((e: Error) => e.message))).not.toContain("PARAM_OPTION_LIKE");
    const guarded = build("bash", "wc -c -- notes.txt\n");
    expect(guarded.template.params[0]!.operand).toBeUndefined();
    await writeFile(join(dir, "-odd name"), "12345");
    expect((await run("bash", guarded, { path: "-odd name" })).trim()).toBe("5 -odd name");
  });

  it("runs a code block with a hostile file name as one argument", async () => {
    const built = build("bash", "wc -c notes.txt\n");
    const name = "a b; $(touch pwned) `id`.txt";
    await writeFile(join(dir, name), "12345");
    expect((await run("bash", built, { path: name })).trim()).toBe(`5 ${name}`);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("javascript template program", () => {
  const code = `import { readFileSync } from "node:fs";

const input = "data.json";
const doc = JSON.parse(readFileSync(input, "utf8"));
console.log(JSON.stringify({ input, n: doc.length, tag: "x" }));
`;

  it("passes values with shell and template syntax through as literal data", async () => {
    const built = build("javascript", code);
    expect(built.program).not.toContain('"data.json"');
    const name = "${process.exit(3)} $(touch pwned).json";
    await writeFile(join(dir, name), "[1,2,3]");
    for (const tag of ["--option", hostile().join("\n")]) {
      expect(JSON.parse(await run("javascript", built, { input: name, tag }))).toEqual({ input: name, n: 3, tag });
    }
    expect(existsSync(marker)).toBe(false);
  });
});
