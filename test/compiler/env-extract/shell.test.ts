import { describe, expect, test } from "vitest";
import { extractFrom, fence, names, req } from "./skill.js";

describe("commands in shell scripts and blocks", () => {
  test("every command counts: pipelines, lists, subshells, $(...), if conditions, function bodies", async () => {
    const script = [
      "#!/usr/bin/env bash",
      "set -euo pipefail",
      'count=$(jq length data.json | sort)',
      "if curl -fsS https://example.org >/dev/null; then (cd out && pandoc a.md -o a.docx); fi",
      "convert_all() { docker run --rm img; }",
      "convert_all",
    ].join("\n");
    const r = await extractFrom("# Use\n", { "scripts/run.sh": script });
    expect(names(r, "bins")).toEqual(["bash", "curl", "docker", "jq", "pandoc"]);
    expect(req(r, "bins", "jq").origins).toEqual(["scripts/run.sh:3"]);
  });

  test("shell builtins, keywords, coreutils, findutils, grep, sed, awk and diffutils are never listed", async () => {
    const block = [
      'cd "$dir" && export A=1 && source env.sh && echo hi | tee log',
      "[ -f x ] && test -d y; read -r line; printf '%s' x; set -x",
      "ls -l | head -5 | tail -1 | wc -l | sort | uniq -c | tr a b | cut -c1",
      "find . -name '*.md' | xargs grep -l TODO | sed 's/a/b/' | awk '{print $1}'",
      "cat a; cp a b; mv b c; rm -f c; mkdir -p d; touch e; chmod +x e; basename a; dirname a",
      "env | sort; date; sleep 1; diff a b; cmp a b; seq 3; mktemp; realpath .; stat a; du -sh .",
      "exit 0",
    ].join("\n");
    const r = await extractFrom(`# Use\n\n${fence("bash", block)}`);
    expect(r.requires.bins).toEqual([]);
  });

  test("the skill's own scripts, placeholders and variables are not executables; absolute paths keep their basename", async () => {
    const block = [
      "scripts/convert.sh in.pdf",
      "./run.py --fast",
      "${SKVM_SKILL_DIR}/scripts/x.sh",
      "{baseDir}/scripts/tool --help",
      '"$PYTHON" -V',
      "$EDITOR notes.md",
      "/usr/bin/qpdf --check a.pdf",
    ].join("\n");
    const r = await extractFrom(`# Use\n\n${fence("bash", block)}`);
    expect(names(r, "bins")).toEqual(["qpdf"]);
  });

  test("wrappers are looked through: sudo, env, timeout, xargs, nohup, time", async () => {
    const block = "sudo -u me git pull\nenv LANG=C FOO=1 pdftotext a.pdf -\ntimeout 30s ffmpeg -i a b\nls | xargs -I{} magick {} out.png\nnohup time node server.js";
    const r = await extractFrom(`# Use\n\n${fence("sh", block)}`);
    expect(names(r, "bins")).toEqual(["ffmpeg", "git", "magick", "node", "pdftotext"]);
  });

  test("`command -v x` is a presence check, not a run", async () => {
    const r = await extractFrom(`# Use\n\n${fence("bash", "command -v rg >/dev/null || echo missing")}`);
    expect(r.requires.bins).toEqual([]);
  });

  test("bash -c and python3 -c strings are read as code; python3 -m names a module", async () => {
    const block = "bash -c 'tesseract in.png out'\npython3 -c \"import numpy; print(numpy.__version__)\"\npython3 -m pytest -q\npython -m json.tool a.json";
    const r = await extractFrom(`# Use\n\n${fence("bash", block)}`);
    expect(names(r, "bins")).toEqual(["bash", "python3", "tesseract"]);
    expect(names(r, "python")).toEqual(["numpy", "pytest"]);
    // Bare `python` is Python 3 under either name.
    expect(req(r, "bins", "python3").anyOf).toEqual(["python3", "python"]);
  });

  test("console transcripts keep the prompted commands and drop their output", async () => {
    const block = "$ git status\nOn branch main\nnothing to commit\n$ ffmpeg -version | head -1\nffmpeg version 6.1";
    const r = await extractFrom(`# Use\n\n${fence("console", block)}`);
    expect(names(r, "bins")).toEqual(["ffmpeg", "git"]);
    expect(req(r, "bins", "ffmpeg").origins).toEqual(["SKILL.md:11"]);
  });
});

describe("interpreters of bundled scripts", () => {
  test("shebangs name their interpreter; without one the extension decides (.py python3, .mjs node, .sh bash)", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/a.py": "print(1)\n",
      "scripts/b.mjs": "console.log(1)\n",
      "scripts/c.sh": "echo hi\n",
      "scripts/d": "#!/usr/bin/env node\nconsole.log(1)\n",
      "scripts/e.sh": "#!/bin/sh\necho posix\n",
      "scripts/f.rb": "#!/usr/bin/ruby\nputs 1\n",
    });
    expect(names(r, "bins")).toEqual(["bash", "node", "python3", "ruby"]);
    expect(req(r, "bins", "node").origins).toEqual(["scripts/b.mjs:1", "scripts/d:1"]);
  });

  test("a script that does not parse is a warning naming the file, and what parses still counts", async () => {
    const r = await extractFrom("# Use\n", { "scripts/broken.py": "import requests\ndef (:\n" });
    expect(names(r, "python")).toEqual(["requests"]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "ENV_SCRIPT_UNPARSED", severity: "warning", file: "demo/scripts/broken.py", line: 2 })]);
  });
});
