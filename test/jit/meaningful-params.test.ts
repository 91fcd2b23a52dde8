// Issue 10 item 7: direct tools ask for what a user changes; API plumbing stays in the template.
import { beforeAll, describe, expect, it } from "vitest";
import { argparseArgs, documentedArgs } from "../../src/jit/index.js";
import { buildTemplate } from "../../src/jit/engine.js";
import type { NormalizeContext } from "../../src/jit/normalize/index.js";
import { loadParsers, type Parsers } from "../../src/syntax/index.js";

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const template = (lang: "python" | "bash" | "javascript", code: string, ctx: NormalizeContext = { bundled: new Set() }) => {
  const built = buildTemplate({ id: "t", lang, kind: "code-block", title: "t", code, origin: "SKILL.md:L1" }, parsers, ctx, (t) => t.length);
  if (!built.ok) throw new Error(built.reason);
  return built.template;
};
const names = (t: { params: { name: string }[] }) => t.params.map((p) => p.name);

describe("API plumbing is a constant, not a parameter", () => {
  it("keeps encodings, error modes, enumerate starts, regex groups, rounding and print's end in the template", () => {
    const t = template(
      "python",
      [
        "import re",
        'path = "notes.txt"',
        "top = 5",
        'with open(path, encoding="utf-8", errors="replace") as fh:',
        "    text = fh.read()",
        'm = re.search(r"(\\w+) (\\w+)", text)',
        "print(m.group(1), m.group(2))",
        'for i, w in enumerate(text.split()[:top], start=1):',
        '    print(i, round(len(w) / 3, 2), end="")',
      ].join("\n"),
    );
    expect(names(t)).toEqual(["path", "top"]);
  });

  it("does not make a variable the code updates (loop state) a parameter", () => {
    const t = template("python", ["edges = [5, 10]", "low = 1", "for high in edges:", "    print(low, high)", "    low = high + 1", "count = 0", "count += 1"].join("\n"));
    expect(names(t)).toEqual(["edges"]);
    const js = template("javascript", ['const path = "a.json";', "let total = 0;", "total += 1;", "console.log(JSON.stringify({ path, total }, null, 2));"].join("\n"));
    expect(names(js)).toEqual(["path"]);
  });

  it("still offers numbers given to a domain call and keyword values that are data", () => {
    const t = template("python", ['page.rotate(90)', 'doc.save("out.pdf", garbage=4)'].join("\n"));
    expect(names(t)).toEqual(["rotate", "path", "garbage"]);
  });
});

describe("script arguments named and listed as the script declares them", () => {
  const SCRIPT = [
    "import argparse",
    "p = argparse.ArgumentParser()",
    'p.add_argument("files", nargs="+", help="text file(s) (default: none)")',
    'p.add_argument("--top", type=int, default=20)',
    'p.add_argument("--json", action="store_true", help="print JSON (not text)")',
  ].join("\n");
  const GRAY = ['import argparse', "p = argparse.ArgumentParser()", 'p.add_argument("input")', 'p.add_argument(', '    "output", help="destination (not input)")'].join("\n");

  it("reads positional names, lists and flags from argparse", () => {
    expect(argparseArgs(SCRIPT)).toEqual({ positionals: [{ name: "files", list: true }], flags: ["--json"] });
    expect(argparseArgs(GRAY)).toEqual({ positionals: [{ name: "input", list: false }, { name: "output", list: false }], flags: [] });
    expect(argparseArgs("import sys\nprint(sys.argv)\n")).toBeUndefined();
  });

  it("takes a list from the documentation only when runs differ in how many files they pass", () => {
    expect(documentedArgs([["a.json"], ["--indent", "2", "b.json"]])).toBeUndefined();
    expect(documentedArgs([["out.xlsx"], ["out.xlsx", "30"]])).toBeUndefined();
    expect(documentedArgs([["a.md"], ["a.md", "b.md", "--x"]])).toEqual({ positionals: [{ name: "paths", list: true }], flags: [] });
  });

  it("makes runs with two files and with three one template with one array parameter", () => {
    const ctx = { bundled: new Set(["scripts/stats.py", "scripts/gray.py"]), scripts: { "scripts/stats.py": argparseArgs(SCRIPT)!, "scripts/gray.py": argparseArgs(GRAY)! } };
    const two = template("bash", "python3 scripts/stats.py a.txt b.txt --json --top 3", ctx);
    const three = template("bash", "python3 scripts/stats.py x.md y.md z.md --json --top 9", ctx);
    expect(two.fingerprint).toBe(three.fingerprint);
    expect(two.params.map((p) => [p.name, p.type, p.default])).toEqual([["files", "array", ["a.txt", "b.txt"]], ["top", "integer", 3]]);
    // A flag takes no value: the word after it is the next positional, not `--json`'s value.
    const afterFlag = template("bash", "python3 scripts/stats.py --json a.txt b.txt", ctx);
    expect(names(afterFlag)).toEqual(["files"]);
    expect(names(template("bash", "python3 scripts/gray.py in.png out.png", ctx))).toEqual(["input", "output"]);
  });
});
