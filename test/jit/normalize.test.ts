import { beforeAll, describe, expect, it } from "vitest";
import { normalize, type Normalized, type NormalizeContext } from "../../src/jit/normalize/index.js";
import { looksLikePath } from "../../src/jit/normalize/emitter.js";
import type { JitLang } from "../../src/jit/index.js";
import { loadParsers, type Parsers } from "../../src/syntax/index.js";

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const NO_FILES: NormalizeContext = { bundled: new Set() };
const norm = (lang: JitLang, code: string, ctx: NormalizeContext = NO_FILES): Normalized => {
  const n = normalize(parsers, lang, code, ctx);
  if (!n) throw new Error("not normalized");
  return n;
};
const py = (code: string, ctx?: NormalizeContext) => norm("python", code, ctx);
const sh = (code: string, ctx?: NormalizeContext) => norm("bash", code, ctx);
const js = (code: string, ctx?: NormalizeContext) => norm("javascript", code, ctx);
const holes = (n: Normalized) => n.holes.map((h) => ({ value: h.value, role: h.role, name: h.hint?.name }));

describe("normalize python", () => {
  it("drops comments, docstrings, blank lines and layout inside brackets", () => {
    const a = py('import json\nrows = json.load(open("a.json"))\nprint(len(rows))\n');
    const b = py('"""Load rows."""\nimport json\n\n# read\nrows = json.load(\n    open( "a.json" ),\n)  # trailing\n\n\nprint( len(rows) )\n');
    expect(b.tokens).toEqual(a.tokens);
  });

  it("renames the names the code binds by first use and keeps API names", () => {
    const n = py("data = load()\nfor item in data:\n    print(item.name)\n");
    expect(n.tokens).toContain("⟨v1⟩");
    expect(n.tokens).toContain("⟨v2⟩");
    expect(n.tokens).toEqual(expect.arrayContaining(["load", "print", "name"]));
    expect(n.tokens).not.toContain("data");
    expect(py("rows = load()\nfor r in rows:\n    print(r.name)\n").tokens).toEqual(n.tokens);
  });

  it("reads single, double, triple-quoted and raw strings as the same hole value", () => {
    const values = ["x = 'a\\tb'\n", 'x = "a\\tb"\n', 'x = """a\tb"""\n'].map((c) => py(c).holes[0]!.value);
    expect(values).toEqual(["a\tb", "a\tb", "a\tb"]);
    expect(py('x = r"a\\tb"\n').holes[0]!.value).toBe("a\\tb");
  });

  it("sorts keyword arguments and imports, and splits `import a, b`", () => {
    const a = py("import os, json\nf(1, b=2, a=3)\n");
    const b = py("import json\nimport os\nf(1, a=3, b=2)\n");
    expect(b.tokens).toEqual(a.tokens);
    expect(a.imports).toEqual(["import json", "import os"]);
  });

  it("ignores a trailing comma but keeps a one-element tuple apart from a parenthesized value", () => {
    expect(py("f(a, b,)\n").tokens).toEqual(py("f(a, b)\n").tokens);
    expect(py("x = (a,)\n").tokens).not.toEqual(py("x = (a)\n").tokens);
  });

  it("turns top-level assignments, keywords and path arguments into named parameter holes", () => {
    const n = py('path = "notes.txt"\ntop = 5\nwith open("out/x.json", "w", encoding="utf-8") as fh:\n    fh.write("hi")\n');
    expect(holes(n)).toEqual([
      { value: "notes.txt", role: "param", name: "path" },
      { value: 5, role: "param", name: "top" },
      { value: "out/x.json", role: "param", name: "path" },
      { value: "w", role: "const", name: undefined },
      { value: "utf-8", role: "const", name: undefined },
      { value: "hi", role: "const", name: undefined },
    ]);
  });

  it("keeps a regex or format string a constant and an f-string as structure", () => {
    const n = py('import re\nre.findall(r"[a-z]+", s)\nprint(f"{n:>3} words")\n');
    expect(holes(n)).toEqual([{ value: "[a-z]+", role: "const", name: undefined }]);
    expect(n.tokens).toContain(" words");
  });

  it("names a number given to a call after the call and a subscript assignment after its key", () => {
    expect(holes(py("page.rotate(90)\n"))).toEqual([{ value: 90, role: "param", name: "rotate" }]);
    expect(holes(py('sheet["A1"] = "Total"\ncfg.limit = 3\n'))).toEqual([
      { value: "A1", role: "const", name: undefined },
      { value: "Total", role: "param", name: "A1" },
      { value: 3, role: "param", name: "limit" },
    ]);
  });

  it("makes a list of file names one array parameter, but keeps a list of words literal", () => {
    expect(holes(py('for f in ["a.pdf", "b.pdf"]:\n    print(f)\n'))).toEqual([{ value: ["a.pdf", "b.pdf"], role: "param", name: "paths" }]);
    expect(holes(py('for w in ["fc-list", ":lang=zh"]:\n    print(w)\n')).map((h) => h.role)).toEqual(["const", "const"]);
  });

  it("reads negative numbers, floats, booleans and sets of scalars as typed values", () => {
    const n = py("a = -3\nb = 1.5\nc = True\nd = {1, 2}\n");
    expect(n.holes.map((h) => [h.type, h.value, h.wrap])).toEqual([
      ["integer", -3, undefined],
      ["number", 1.5, undefined],
      ["boolean", true, undefined],
      ["array", [1, 2], "set"],
    ]);
  });

  it("records calls, imports and control flow for the near-match guard", () => {
    const n = py("import json\nfor x in xs:\n    if x:\n        json.dumps(x)\n");
    expect(n.apis).toEqual(["json.dumps"]);
    expect(n.control).toEqual(["for_statement", "if_statement"]);
  });

  it("flags code that does not parse", () => {
    expect(py("def f(:\n").clean).toBe(false);
    expect(py("x = 1\n").clean).toBe(true);
  });

  it("turns a bundled file in any spelling into one file token", () => {
    const ctx = { bundled: new Set(["scripts/x.py"]), skillDir: "/srv/s" };
    const spellings = ["scripts/x.py", "./scripts/x.py", "{baseDir}/scripts/x.py", "$SKVM_SKILL_DIR/scripts/x.py", "/srv/s/scripts/x.py"];
    for (const s of spellings) expect(py(`run("${s}")\n`, ctx).tokens).toContain("⟨file:scripts/x.py⟩");
    expect(py('run("/other/scripts/x.py")\n', ctx).tokens).not.toContain("⟨file:scripts/x.py⟩");
  });
});

describe("normalize bash", () => {
  it("makes interpreter and script path one token whatever the spelling or interpreter", () => {
    const ctx = { bundled: new Set(["scripts/s.py"]), skillDir: "/srv/demo" };
    const forms = ["python3 scripts/s.py a.txt", "python ./scripts/s.py a.txt", "python3 {baseDir}/scripts/s.py a.txt", "/srv/demo/scripts/s.py a.txt"];
    const streams = forms.map((f) => sh(`${f}\n`, ctx).tokens);
    for (const s of streams) expect(s).toEqual(streams[0]);
    expect(sh("python3 scripts/s.py a.txt\n", ctx).apis).toEqual(["run:scripts/s.py"]);
  });

  it("names option values after the option and keeps options as structure", () => {
    const n = sh("tool --top 20 --out=x.json -v data.csv\n");
    expect(holes(n)).toEqual([
      { value: "20", role: "param", name: "top" },
      { value: "x.json", role: "param", name: "out" },
      { value: "data.csv", role: "param", name: "path" },
    ]);
    expect(n.tokens).toEqual(expect.arrayContaining(["tool", "--top", "--out=", "-v"]));
  });

  it("reads quoted and unquoted words as the same value", () => {
    expect(sh("cat 'my file.txt'\n").holes[0]!.value).toBe("my file.txt");
    expect(sh('cat "my file.txt"\n').holes[0]!.value).toBe("my file.txt");
    expect(sh("cat my\\ file.txt\n").holes[0]!.value).toBe("my file.txt");
  });

  it("keeps `--` as structure so it names nothing and is not a parameter", () => {
    const n = sh("runner --port 80 -- python app.py\n");
    expect(n.tokens).toContain("--");
    expect(holes(n)).toEqual([
      { value: "80", role: "param", name: "port" },
      { value: "python", role: "const", name: undefined },
      { value: "app.py", role: "param", name: "path" },
    ]);
  });

  it("takes page ranges and `~/` paths as values", () => {
    expect(holes(sh("qpdf in.pdf --pages . 1-5 -- out.pdf\n")).map((h) => h.value)).toEqual(["in.pdf", ".", "1-5", "out.pdf"]);
    expect(holes(sh("cat ~/docs/a.txt\n"))).toEqual([{ value: "~/docs/a.txt", role: "param", name: "path" }]);
  });

  it("leaves globs, expansions and substitutions as structure", () => {
    expect(sh("cat *.txt $HOME/x $(date)\n").holes).toEqual([]);
  });

  it("names redirect targets input and output and keeps fd duplications as structure", () => {
    expect(holes(sh("sort < in.txt > out.txt 2>&1\n"))).toEqual([
      { value: "in.txt", role: "param", name: "input" },
      { value: "out.txt", role: "param", name: "output" },
    ]);
  });

  it("records && and || as control flow", () => {
    expect(sh("a && b || c\n").control).toEqual(["&&", "||"]);
  });
});

describe("normalize javascript", () => {
  it("is blind to quote style, semicolons, trailing commas and comments", () => {
    const a = js('const x = f("a.json", { indent: 2 });\n');
    const b = js("// f\nconst x = f('a.json', {\n  indent: 2,\n})\n");
    expect(b.tokens).toEqual(a.tokens);
  });

  it("treats import order as meaningless", () => {
    const a = js('import fs from "node:fs";\nimport path from "node:path";\nfs.readFileSync(path.join("a", "b.txt"));\n');
    const b = js('import path from "node:path";\nimport fs from "node:fs";\nfs.readFileSync(path.join("a", "b.txt"));\n');
    expect(b.tokens).toEqual(a.tokens);
    expect(b.imports).toEqual(["import node:fs", "import node:path"]);
  });

  it("names top-level constants, object keys, path and number arguments", () => {
    expect(holes(js('const input = "users.json";\nconst o = { limit: 10 };\nJSON.stringify(o, null, 2);\nwrite("My Report.txt");\n'))).toEqual([
      { value: "users.json", role: "param", name: "input" },
      { value: 10, role: "param", name: "limit" },
      { value: 2, role: "const", name: undefined },
      { value: "My Report.txt", role: "param", name: "path" },
    ]);
  });

  it("renames locals, arrow parameters and destructured names", () => {
    const a = js("const rows = xs.map((u) => u.id);\nconst [first] = rows;\nlog(first);\n");
    const b = js("const out = xs.map((user) => user.id);\nconst [head] = out;\nlog(head);\n");
    expect(b.tokens).toEqual(a.tokens);
    expect(a.tokens).not.toContain("rows");
    expect(a.tokens).not.toContain("first");
    expect(a.apis).toEqual(["log", "xs.map"]);
  });
});

describe("looksLikePath", () => {
  it("accepts file names, relative, absolute and home paths and a few words ending in an extension", () => {
    for (const p of ["notes.txt", "out/x.json", "/tmp/a", "./a", "~/docs/a.pdf", "My Document.docx", "http://localhost:5173"]) expect(looksLikePath(p), p).toBe(true);
  });

  it("rejects versions, numbers, sentences and multi-line text", () => {
    for (const p of ["v1.3.0", "1.2.0", "3.14", "This is the body of the report. ", "a\nb.txt", "Hello World!", "npm run dev", ""]) {
      expect(looksLikePath(p), p).toBe(false);
    }
  });
});

describe("literals a served run must reproduce exactly", () => {
  it("keeps 5 and 5.0 apart in Python (range(5.0) raises)", () => {
    expect(py("top = 5\n").tokens).not.toEqual(py("top = 5.0\n").tokens);
  });

  it("decodes octal escapes as Python does and leaves \\N{...} strings as constants", () => {
    expect(holes(py('path = "dr\\141ft.md"\n'))).toEqual([{ value: "draft.md", role: "param", name: "path" }]);
    expect(py('name = "\\N{BULLET} x"\n').holes).toEqual([]);
  });

  it("keeps integers beyond 2^53 out of parameters (JSON would change them)", () => {
    expect(py("n = 123456789012345678901\n").holes).toEqual([]);
  });

  it("decodes JavaScript escapes exactly and leaves template literals with escapes as constants", () => {
    expect(js('const name = "\\x41\\u{1F600}";\n').holes[0]?.value).toBe("A\u{1F600}");
    expect(js("const name = `a\\tb`;\n").holes).toEqual([]);
  });

  it("marks unquoted shell words, where ~/ expands, apart from quoted ones", () => {
    expect(sh("cat ~/notes.txt\n").holes[0]?.bare).toBe(true);
    expect(sh('cat "~/notes.txt"\n').holes[0]?.bare).toBeUndefined();
  });
});
