import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyFailure } from "../../src/adapt/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skvm-classify-"));
  await writeFile(join(dir, "locked.txt"), "secret\n");
  await chmod(join(dir, "locked.txt"), 0o000);
  await writeFile(join(dir, "tool.sh"), "#!/bin/sh\necho hi\n", { mode: 0o644 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs a real interpreter on a snippet and returns what it printed, as a run result. */
function run(command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 20_000, env: { PATH: process.env.PATH ?? "", HOME: dir } });
  return { exitCode: r.status, timedOut: false, stderr: r.stderr, stdout: r.stdout };
}
const py = (code: string) => run("python3", ["-c", code]);
const node = (code: string, type = "module") => run(process.execPath, [`--input-type=${type}`, "-e", code]);
const bash = (code: string) => run("bash", ["-c", code]);
const isRoot = process.getuid?.() === 0;

// Each case: a real program that fails, and the class and subject its output must give.
const CASES: { name: string; run: () => ReturnType<typeof run>; class: string; subject?: string; bundled?: boolean; skip?: boolean }[] = [
  { name: "python: import of a missing module", run: () => py("import skvm_nope_mod.sub"), class: "missing-python-module", subject: "skvm_nope_mod" },
  { name: "python: importlib with a computed name", run: () => py("import importlib; importlib.import_module('skvm_' + 'dyn')"), class: "missing-python-module", subject: "skvm_dyn" },
  { name: "node ESM: import of a missing package", run: () => node("await import(['skvm','nope','pkg'].join('-'))"), class: "missing-npm-package", subject: "skvm-nope-pkg" },
  { name: "node CJS: require of a missing scoped package", run: () => node("require('@skvm-nope/pkg/sub')", "commonjs"), class: "missing-npm-package", subject: "@skvm-nope/pkg" },
  { name: "node CJS: require of a missing relative file", run: () => node("require('./nope.js')", "commonjs"), class: "file-not-found" },
  { name: "bash: a command called through a variable", run: () => bash("cmd=skvm-nope-cmd; $cmd --version"), class: "command-not-found", subject: "skvm-nope-cmd" },
  { name: "python: subprocess of a missing executable", run: () => py("import subprocess; subprocess.run(['skvm-nope-exe'])"), class: "command-not-found", subject: "skvm-nope-exe" },
  { name: "node: spawn of a missing executable", run: () => node("import { spawn } from 'node:child_process'; spawn('skvm-nope-exe')"), class: "command-not-found", subject: "skvm-nope-exe" },
  { name: "python: a bundled file by a relative path", run: () => py("open('data/table.csv')"), class: "file-not-found", subject: "data/table.csv", bundled: true },
  { name: "python: a file that is not bundled", run: () => py("open('/nonexistent/skvm.csv')"), class: "file-not-found", subject: "/nonexistent/skvm.csv", bundled: false },
  { name: "node: readFile of a bundled file", run: () => node("import { readFileSync } from 'node:fs'; readFileSync('./data/table.csv')"), class: "file-not-found", subject: "./data/table.csv", bundled: true },
  { name: "bash: cat of a missing file", run: () => bash("cat data/table.csv"), class: "file-not-found", subject: "data/table.csv", bundled: true },
  { name: "python: permission denied", run: () => py("open('locked.txt').read()"), class: "permission-denied", subject: "locked.txt", skip: isRoot },
  { name: "bash: permission denied", run: () => bash("cat locked.txt"), class: "permission-denied", subject: "locked.txt", skip: isRoot },
  { name: "bash: running a file that is not executable (root too)", run: () => bash("./tool.sh"), class: "permission-denied", subject: "./tool.sh" },
  { name: "python: a value of the wrong type for int()", run: () => py("int('abc')"), class: "bad-parameter-type", subject: "abc" },
  { name: "python: syntax error in the model's code", run: () => py("def f(:\n  pass"), class: "code-error", subject: "SyntaxError" },
  { name: "python: an undefined name", run: () => py("print(undefined_thing)"), class: "code-error", subject: "NameError" },
  { name: "node: an undefined name", run: () => node("undefinedThing()"), class: "code-error", subject: "ReferenceError" },
  { name: "bash: syntax error", run: () => bash("if then fi"), class: "code-error" },
  { name: "python: connection refused (urllib)", run: () => py("import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=5)"), class: "network" },
  { name: "node: connection refused (net)", run: () => node("import net from 'node:net'; net.connect(9, '127.0.0.1')"), class: "network", subject: "ECONNREFUSED" },
  { name: "python: a plain exit code", run: () => py("import sys; sys.exit(3)"), class: "unknown" },
];

describe("classifyFailure: real outputs of python, node and bash", () => {
  const bundled = new Set(["data/table.csv", "scripts/run.py"]);
  for (const c of CASES) {
    it.skipIf(c.skip)(`${c.name} -> ${c.class}`, () => {
      const result = c.run();
      expect(result.exitCode).not.toBe(0);
      const got = classifyFailure(result, bundled);
      expect(got, `stderr was:\n${result.stderr}`).toMatchObject({ class: c.class, ...(c.subject ? { subject: c.subject } : {}), ...(c.bundled !== undefined ? { bundled: c.bundled } : {}) });
      expect(got.evidence.length).toBeGreaterThan(0);
    });
  }

  it("a timed-out run is a timeout, whatever it printed", () => {
    expect(classifyFailure({ exitCode: null, timedOut: true, stderr: "NameError: x" })).toMatchObject({ class: "timeout" });
  });

  it("a process that never started is read from the runner's reason", () => {
    expect(classifyFailure({ exitCode: null, timedOut: false, stderr: "", spawnError: "command not found: python4" })).toMatchObject({ class: "command-not-found", subject: "python4" });
  });
});
