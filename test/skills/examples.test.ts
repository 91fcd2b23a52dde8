// Runs every script bundled with the example skills in skills/ for real, on fixture data
// built here in temp directories, and checks the values they produce.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile, copyFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { parse as parseYaml } from "yaml";

const SKILLS = fileURLToPath(new URL("../../skills/", import.meta.url));
const NODE = process.execPath;
const SKILL_NAMES = ["csv-report", "json-transform", "git-changelog", "png-tools", "text-stats"];

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawn a program with an argument list (no shell); resolves with exit code and output. */
function run(file: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: 16 * 1024 * 1024, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error); // spawn failure or timeout, not a non-zero exit
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // A child may exit without reading its stdin (e.g. on --help); writing to it then fails
    // with EPIPE, which is not a test failure: the exit code and output still arrive above.
    child.stdin?.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") reject(err);
    });
    child.stdin?.end(opts.input ?? "");
  });
}

const script = (skill: string, name: string) => join(SKILLS, skill, "scripts", name);
const py = (skill: string, name: string, args: string[], opts?: Parameters<typeof run>[2]) =>
  run("python3", [script(skill, name), ...args], opts);

/**
 * The files under a skill's scripts/ that are meant to be run: regular files only (no
 * __pycache__), and no Python module that the scripts import rather than run, i.e. a .py
 * file without an `if __name__ == "__main__":` block (csv-report/scripts/table_io.py).
 */
async function runnableScripts(skill: string): Promise<string[]> {
  const entries = await readdir(join(SKILLS, skill, "scripts"), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    if (e.name.endsWith(".py") && !/^if __name__ == "__main__":/m.test(await readFile(script(skill, e.name), "utf8"))) continue;
    out.push(e.name);
  }
  return out;
}

/** Run a command that must succeed; the message includes stderr when it does not. */
async function ok(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p;
  expect(r.code, `exit ${r.code}, stderr: ${r.stderr}`).toBe(0);
  return r;
}

async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, "utf8"));
}

function splitSkillMd(text: string): { frontmatter: string; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error("SKILL.md has no frontmatter block");
  return { frontmatter: m[1]!, body: m[2]! };
}

function codeBlocks(markdown: string, lang: string): string[] {
  const re = /^```(\w+)\n([\s\S]*?)^```/gm;
  const out: string[] = [];
  for (const m of markdown.matchAll(re)) if (m[1] === lang) out.push(m[2]!);
  return out;
}

const tmpDirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `skvm-${prefix}-`));
  tmpDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("example skills: SKILL.md files", () => {
  it("has exactly the five example skills, each with SKILL.md and scripts/", async () => {
    const entries = (await readdir(SKILLS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const name of SKILL_NAMES) {
      expect(entries).toContain(name);
      expect((await stat(join(SKILLS, name, "SKILL.md"))).isFile()).toBe(true);
      expect((await readdir(join(SKILLS, name, "scripts"))).length).toBeGreaterThan(0);
    }
  });

  for (const name of SKILL_NAMES) {
    it(`${name}: frontmatter parses with yaml and follows the spec`, async () => {
      const text = await readFile(join(SKILLS, name, "SKILL.md"), "utf8");
      const { frontmatter, body } = splitSkillMd(text);
      const fm = parseYaml(frontmatter) as Record<string, unknown>;
      expect(fm.name).toBe(name);
      expect(fm.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(typeof fm.description).toBe("string");
      const description = fm.description as string;
      expect(description.length).toBeGreaterThan(0);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description).toMatch(/Use when/);
      expect(fm.license).toBe("MIT");
      if (fm.compatibility !== undefined) expect(String(fm.compatibility).length).toBeLessThanOrEqual(500);
      const lines = text.split("\n").length;
      expect(lines).toBeGreaterThanOrEqual(60);
      expect(lines).toBeLessThanOrEqual(200);
      // Every script the body mentions exists, and every bundled script is mentioned.
      const mentioned = new Set([...body.matchAll(/scripts\/([\w.-]+\.(?:py|sh|mjs))/g)].map((m) => m[1]!));
      const runnable = await runnableScripts(name);
      for (const file of mentioned) expect(runnable).toContain(file);
      for (const file of runnable) expect(mentioned.has(file), `${file} not referenced in SKILL.md`).toBe(true);
      // Every fenced code block opens with a language tag, and every fence is closed.
      const openings: string[] = [];
      let inside = false;
      for (const line of body.split("\n")) {
        const m = /^\s*```(.*)$/.exec(line);
        if (!m) continue;
        if (!inside) openings.push(m[1]!.trim());
        inside = !inside;
      }
      expect(inside, "unclosed code fence").toBe(false);
      expect(openings.filter((lang) => lang === "")).toEqual([]);
      expect(openings.some((lang) => ["bash", "python", "javascript"].includes(lang))).toBe(true);
    });
  }

  it("git-changelog carries OpenClaw metadata as one-line JSON", async () => {
    const text = await readFile(join(SKILLS, "git-changelog", "SKILL.md"), "utf8");
    const line = text.split("\n").find((l) => l.startsWith("metadata:"));
    expect(line).toBe(
      'metadata: {"openclaw": {"emoji": "📝", "requires": {"bins": ["git"], "anyBins": ["python3", "python"]}, "os": ["linux", "darwin"]}}',
    );
    const fm = parseYaml(splitSkillMd(text).frontmatter) as { metadata: unknown };
    expect(fm.metadata).toEqual({
      openclaw: { emoji: "📝", requires: { bins: ["git"], anyBins: ["python3", "python"] }, os: ["linux", "darwin"] },
    });
    expect(text).toContain("{baseDir}/scripts/changelog.sh");
  });

  it("every bundled script answers --help with exit 0", async () => {
    const calls: Promise<RunResult>[] = [];
    for (const name of SKILL_NAMES) {
      for (const file of await runnableScripts(name)) {
        const path = script(name, file);
        if (file.endsWith(".py")) calls.push(run("python3", [path, "--help"]));
        else if (file.endsWith(".sh")) calls.push(run("bash", [path, "--help"]));
        else if (file.endsWith(".mjs")) calls.push(run(NODE, [path, "--help"]));
      }
    }
    const results = await Promise.all(calls);
    expect(results.length).toBe(13);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/usage/i);
    }
  });
});

describe("csv-report", () => {
  let dir: string;
  const CSV = [
    "id,city,price,qty,date,active",
    "1,Paris,10.5,3,2024-01-01,true",
    "2,Lyon,11.0,4,2024-01-02,false",
    "3,Paris,9.75,,2024-01-03,true",
    "4,Nice,10.25,5,2024-01-04,true",
    "5,Paris,250,4,2024-01-05,false",
    "6,Lyon,10.0,6,2024-02-01,true",
    "7,Nice,NA,3,2024-02-03,false",
    "8,Paris,11.5,4,2024-03-01,true",
    "",
  ].join("\n");

  beforeAll(async () => {
    dir = await tempDir("csv");
    await writeFile(join(dir, "data.csv"), CSV);
  });

  it("runs the five-step workflow (steps 2-4 concurrently) and writes report.md", async () => {
    const opts = { cwd: dir };
    // Step 1: validate -> validation.json
    const v = await ok(py("csv-report", "validate.py", ["data.csv", "--out", "validation.json"], opts));
    const validation = JSON.parse(v.stdout);
    expect(validation).toMatchObject({ valid: true, rows: 8, columns: 6, delimiter: ",", ragged_rows: 0 });
    expect(validation.header).toEqual(["id", "city", "price", "qty", "date", "active"]);
    expect(await readJson(join(dir, "validation.json"))).toEqual(validation);

    // Steps 2, 3, 4: independent, each reads data.csv + validation.json and writes its own file.
    const common = ["--validation", "validation.json"];
    await Promise.all([
      ok(py("csv-report", "column_stats.py", ["data.csv", ...common, "--out", "stats.json"], opts)),
      ok(py("csv-report", "histograms.py", ["data.csv", ...common, "--bins", "4", "--out", "histograms.json"], opts)),
      ok(py("csv-report", "outliers.py", ["data.csv", ...common, "--k", "1.5", "--out", "outliers.json"], opts)),
    ]);

    const stats = await readJson(join(dir, "stats.json"));
    expect(stats.rows).toBe(8);
    const col = (name: string) => stats.columns.find((c: { name: string }) => c.name === name);
    expect(col("id")).toMatchObject({ type: "integer", count: 8, nulls: 0, min: 1, max: 8, mean: 4.5, median: 4.5, sum: 36 });
    expect(col("price")).toMatchObject({ type: "float", count: 7, nulls: 1, min: 9.75, max: 250, median: 10.5 });
    expect(col("price").mean).toBeCloseTo((10.5 + 11 + 9.75 + 10.25 + 250 + 10 + 11.5) / 7, 5);
    expect(col("qty")).toMatchObject({ type: "integer", nulls: 1, min: 3, max: 6 });
    expect(col("city")).toMatchObject({ type: "string", unique: 3 });
    expect(col("city").top[0]).toEqual({ value: "Paris", count: 4 });
    expect(col("date")).toMatchObject({ type: "date", min: "2024-01-01", max: "2024-03-01" });
    expect(col("active")).toMatchObject({ type: "boolean", true: 5, false: 3 });

    const hist = await readJson(join(dir, "histograms.json"));
    expect(hist.columns.map((c: { name: string }) => c.name)).toEqual(["id", "price", "qty"]);
    expect(hist.skipped).toEqual(["city", "date", "active"]);
    const priceHist = hist.columns[1];
    expect(priceHist.bins).toHaveLength(4);
    expect(priceHist.bins.map((b: { count: number }) => b.count)).toEqual([6, 0, 0, 1]);
    expect(priceHist.bins[0].low).toBe(9.75);
    expect(priceHist.bins[3].high).toBe(250);
    expect(priceHist.text.split("\n")).toHaveLength(4);

    const outl = await readJson(join(dir, "outliers.json"));
    expect(outl.total_outliers).toBe(1);
    const price = outl.columns.find((c: { name: string }) => c.name === "price");
    expect(price).toMatchObject({ q1: 10.125, median: 10.5, q3: 11.25, iqr: 1.125, outlier_count: 1 });
    expect(price.outliers).toEqual([{ row: 5, value: 250, side: "high" }]);

    // Step 5: assemble reads the three files (plus validation.json) and writes report.md.
    const a = await ok(
      py(
        "csv-report",
        "assemble.py",
        ["--validation", "validation.json", "--stats", "stats.json", "--histograms", "histograms.json",
          "--outliers", "outliers.json", "--title", "Sales", "--out", "report.md"],
        opts,
      ),
    );
    expect(JSON.parse(a.stdout)).toMatchObject({ out: "report.md", rows: 8, columns: 6, histograms: 3, outliers: 1 });
    const report = await readFile(join(dir, "report.md"), "utf8");
    expect(report.startsWith("# Sales\n")).toBe(true);
    for (const heading of ["## Overview", "## Columns", "## Most common values", "## Distributions", "## Outliers", "### price"]) {
      expect(report).toContain(heading);
    }
    expect(report).toContain("- Rows: 8");
    expect(report).toContain("| price | float | 7 | 1 | 7 | 9.75 | 250 |");
    expect(report).toContain("| 5 | 250 | high |");
    expect(report).toContain("**city**: Paris (4)");
  });

  it("the commands in SKILL.md run as written, in order, and the Python snippet reads their output", async () => {
    const md = await readFile(join(SKILLS, "csv-report", "SKILL.md"), "utf8");
    const skillDir = join(SKILLS, "csv-report");
    const blocks = codeBlocks(md, "bash").filter((b) => b.includes("scripts/"));
    expect(blocks).toHaveLength(5); // validate, stats, histograms, outliers, assemble
    const docDir = await tempDir("csv-doc");
    await writeFile(join(docDir, "data.csv"), CSV);
    for (const [i, block] of blocks.entries()) {
      // "Run the commands from this skill's folder, or prefix the script paths with the skill folder."
      await writeFile(join(docDir, `step${i + 1}.sh`), block.replaceAll("scripts/", `${skillDir}/scripts/`));
      await ok(run("bash", [`step${i + 1}.sh`], { cwd: docDir }));
    }
    for (const f of ["validation.json", "stats.json", "histograms.json", "outliers.json"]) {
      expect((await stat(join(docDir, f))).isFile()).toBe(true);
    }
    const report = await readFile(join(docDir, "report.md"), "utf8");
    expect(report.split("\n")[0]).toBe("# Sales export, March");
    expect(report).toContain("| 5 | 250 | high |");

    const [snippet] = codeBlocks(md, "python");
    await writeFile(join(docDir, "snippet.py"), snippet!);
    const out = await ok(run("python3", ["snippet.py"], { cwd: docDir }));
    expect(out.stdout).toBe("price: 1 missing (12.5%)\nqty: 1 missing (12.5%)\n");
  });

  it("handles a semicolon-delimited file via sniffing", async () => {
    await writeFile(join(dir, "semi.csv"), "a;b\n1;x\n2;y\n3;z\n");
    const r = await ok(py("csv-report", "column_stats.py", ["semi.csv"], { cwd: dir }));
    const stats = JSON.parse(r.stdout);
    expect(stats.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([["a", "integer"], ["b", "string"]]);
  });

  it("scripts import the shared scripts/table_io.py from any working directory and keep their own name in errors", async () => {
    // A cwd outside the skill, holding a decoy table_io.py: the scripts must find the bundled
    // module next to themselves (sys.path[0] is the script's folder), never this one.
    const elsewhere = await tempDir("csv-cwd");
    await writeFile(join(elsewhere, "data.csv"), CSV);
    await writeFile(join(elsewhere, "table_io.py"), 'raise SystemExit("imported the decoy table_io.py from the cwd")\n');
    const opts = { cwd: elsewhere };
    const v = JSON.parse((await ok(py("csv-report", "validate.py", ["data.csv", "--out", "validation.json"], opts))).stdout);
    expect(v).toMatchObject({ valid: true, rows: 8, columns: 6 });
    const common = ["data.csv", "--validation", "validation.json"];
    await ok(py("csv-report", "column_stats.py", [...common, "--out", "stats.json"], opts));
    const hist = JSON.parse((await ok(py("csv-report", "histograms.py", [...common, "--bins", "4", "--out", "histograms.json"], opts))).stdout);
    expect(hist.columns.map((c: { name: string }) => c.name)).toEqual(["id", "price", "qty"]);
    await ok(py("csv-report", "outliers.py", [...common, "--out", "outliers.json"], opts));
    const a = await ok(py("csv-report", "assemble.py", ["--stats", "stats.json", "--histograms", "histograms.json", "--outliers", "outliers.json"], opts));
    expect(a.stdout).toContain("| 5 | 250 | high |");

    // Errors raised inside the shared module name the script that was run.
    for (const name of ["column_stats.py", "histograms.py", "outliers.py"]) {
      const r = await py("csv-report", name, ["missing.csv"], opts);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${name}: error: file not found: missing.csv\n`);
    }
    const bad = await py("csv-report", "assemble.py", ["--stats", "nope.json", "--histograms", "h.json", "--outliers", "o.json"], opts);
    expect(bad.stderr).toBe("assemble.py: error: --stats file not found: nope.json\n");
    const dir = await py("csv-report", "validate.py", ["."], opts);
    expect(dir.stderr).toBe("validate.py: error: expected a file but got a directory: .\n");
  });

  it("rejects bad input with clear errors and non-zero exits", async () => {
    const missing = await py("csv-report", "validate.py", ["nope.csv"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("file not found: nope.csv");

    await writeFile(join(dir, "ragged.csv"), "a,b\n1,2\n3\n");
    const ragged = await py("csv-report", "validate.py", ["ragged.csv", "--out", "bad-validation.json"], { cwd: dir });
    expect(ragged.code).toBe(1);
    expect(JSON.parse(ragged.stdout).errors[0]).toContain("expected 2 fields, found 1");
    const gated = await py("csv-report", "column_stats.py", ["ragged.csv", "--validation", "bad-validation.json"], { cwd: dir });
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain("invalid");

    const notNumeric = await py("csv-report", "outliers.py", ["data.csv", "--columns", "city"], { cwd: dir });
    expect(notNumeric.code).toBe(1);
    expect(notNumeric.stderr).toContain("not numeric");

    const wrongInput = await py("csv-report", "assemble.py", ["--stats", "nope.json", "--histograms", "h.json", "--outliers", "o.json"], { cwd: dir });
    expect(wrongInput.code).toBe(2);
    expect(wrongInput.stderr).toContain("--stats file not found");
  });
});

describe("json-transform", () => {
  let dir: string;
  const DOC = {
    meta: { count: 3 },
    data: {
      users: [
        { id: 1, name: "Ada", address: { city: "London", zip: "N1" }, tags: ["admin", "dev"], active: true },
        { id: 2, name: "Bob, Jr.", address: { city: "Paris", zip: null }, tags: [], active: false },
        { id: 3, name: 'Cy "C"', address: { city: "London", zip: "E2" }, tags: ["dev"], active: true },
      ],
    },
  };
  const transform = (args: string[], opts: Parameters<typeof run>[2] = {}) =>
    run(NODE, [script("json-transform", "transform.mjs"), ...args], { cwd: dir, ...opts });

  beforeAll(async () => {
    dir = await tempDir("json");
    await writeFile(join(dir, "users.json"), JSON.stringify(DOC));
  });

  it("selects, filters and flattens to CSV", async () => {
    const r = await ok(transform(["users.json", "--select", "data.users", "--filter", "address.city=London", "--flatten", "--to", "csv"]));
    expect(r.stdout).toBe(
      "id,name,address.city,address.zip,tags.0,tags.1,active\n" +
        "1,Ada,London,N1,admin,dev,true\n" +
        '3,"Cy ""C""",London,E2,dev,,true\n',
    );
  });

  it("selects with wildcards and indexes, picks fields, round-trips NDJSON", async () => {
    const names = await ok(transform(["users.json", "--select", "data.users.*.name", "--compact"]));
    expect(JSON.parse(names.stdout)).toEqual(["Ada", "Bob, Jr.", 'Cy "C"']);
    const addr = await ok(transform(["users.json", "--select", "data.users[1].address"]));
    expect(JSON.parse(addr.stdout)).toEqual({ city: "Paris", zip: null });

    const nd = await ok(transform(["users.json", "--select", "data.users", "--filter", "active!=false", "--fields", "id,address.city", "--to", "ndjson", "--out", "active.ndjson"]));
    expect(JSON.parse(nd.stdout)).toMatchObject({ out: "active.ndjson", format: "ndjson", records: 2 });
    expect(await readFile(join(dir, "active.ndjson"), "utf8")).toBe('{"id":1,"address.city":"London"}\n{"id":3,"address.city":"London"}\n');

    const back = await ok(transform(["-", "--from", "ndjson", "--to", "csv"], { input: await readFile(join(dir, "active.ndjson"), "utf8") }));
    expect(back.stdout).toBe("id,address.city\n1,London\n3,London\n");
    const filtered = await ok(transform(["active.ndjson", "--filter", "id=3"]));
    expect(JSON.parse(filtered.stdout)).toEqual([{ id: 3, "address.city": "London" }]);
  });

  it("the JavaScript example in SKILL.md runs on the documented input", async () => {
    const md = await readFile(join(SKILLS, "json-transform", "SKILL.md"), "utf8");
    const [js] = codeBlocks(md, "javascript");
    await writeFile(join(dir, "example.mjs"), js!);
    const r = await ok(run(NODE, ["example.mjs"], { cwd: dir }));
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 1, city: "London", tagCount: 2 },
      { id: 2, city: "Paris", tagCount: 0 },
      { id: 3, city: "London", tagCount: 1 },
    ]);
  });

  it("pretty.sh prints sorted, indented JSON with python3 and with node", async () => {
    const expected = JSON.stringify({ a: [1, 2], b: { c: true, d: null } }, null, 2) + "\n";
    await writeFile(join(dir, "min.json"), '{"b":{"d":null,"c":true},"a":[1,2]}');
    const pyOut = await ok(run("bash", [script("json-transform", "pretty.sh"), "--sort-keys", "--engine", "python", "min.json"], { cwd: dir }));
    const nodeOut = await ok(run("bash", [script("json-transform", "pretty.sh"), "--sort-keys", "--engine", "node", "min.json"], { cwd: dir }));
    expect(pyOut.stdout).toBe(expected);
    expect(nodeOut.stdout).toBe(expected);
    const lines = await ok(run("bash", [script("json-transform", "pretty.sh"), "--lines", "--indent", "0", "--engine", "node", "-"], { input: '{"x":1}\n\n{"y":2}\n' }));
    expect(lines.stdout).toBe('{"x":1}\n{"y":2}\n');
  });

  it("rejects bad input with clear errors and non-zero exits", async () => {
    const missing = await transform(["missing.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("input file not found: missing.json");

    const badPath = await transform(["users.json", "--select", "data.nope"]);
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toContain('no key "nope" at "data" (available: users)');

    const invalid = await transform(["-"], { input: "{not json" });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("not valid JSON");

    const badFormat = await transform(["users.json", "--to", "xml"]);
    expect(badFormat.code).toBe(2);

    const prettyMissing = await run("bash", [script("json-transform", "pretty.sh"), "nope.json"], { cwd: dir });
    expect(prettyMissing.code).toBe(2);
    expect(prettyMissing.stderr).toContain("file not found: nope.json");
    const prettyInvalid = await run("bash", [script("json-transform", "pretty.sh"), "-"], { input: "[1," });
    expect(prettyInvalid.code).toBe(1);
    expect(prettyInvalid.stderr).toContain("not valid JSON");
  });
});

describe("git-changelog", () => {
  let repo: string;
  // Isolate from the user's and system git configuration (signing, hooks, default branch).
  const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
  const git = (args: string[]) => ok(run("git", args, { cwd: repo, env: gitEnv }));
  let counter = 0;
  const commit = async (subject: string, body?: string) => {
    counter += 1;
    await writeFile(join(repo, `file${counter}.txt`), `change ${counter}\n`);
    await git(["add", "."]);
    await git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", subject, ...(body ? ["-m", body] : [])]);
  };
  const changelog = (args: string[]) => run("bash", [script("git-changelog", "changelog.sh"), ...args], { env: gitEnv });
  const bump = (args: string[], input?: string) => py("git-changelog", "bump_version.py", args, { env: gitEnv, input });

  beforeAll(async () => {
    repo = await tempDir("git");
    await git(["init", "-q", "-b", "main", "."]);
    await commit("chore: initial commit");
    await git(["tag", "v1.0.0"]);
    await commit("feat(parser): add YAML support");
    await commit("fix: handle empty input");
    await commit("docs: update README");
    await commit("Update CI config");
    await git(["tag", "v1.1.0"]);
    await commit("fix(cli): correct typo in help");
    await commit("feat: remove --legacy flag", "BREAKING CHANGE: the --legacy flag is gone");
    await commit("refactor(core)!: drop Node 16");
  });

  it("groups commits between two tags by type", async () => {
    const r = await ok(changelog(["--repo", repo, "--from", "v1.0.0", "--to", "v1.1.0", "--no-hash"]));
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^## v1\.1\.0 \(\d{4}-\d{2}-\d{2}\)$/);
    expect(lines.slice(1)).toEqual([
      "",
      "### Features",
      "",
      "- **parser:** add YAML support",
      "",
      "### Bug Fixes",
      "",
      "- handle empty input",
      "",
      "### Documentation",
      "",
      "- update README",
      "",
      "### Other Changes",
      "",
      "- Update CI config",
    ]);
    expect(r.stdout).not.toContain("initial commit");
  });

  it("defaults --from to the latest tag, lists breaking changes, writes --out", async () => {
    const r = await ok(changelog(["--repo", repo, "--title", "v2.0.0", "--out", join(repo, "CHANGELOG.md")]));
    expect(JSON.parse(r.stdout)).toEqual({
      out: join(repo, "CHANGELOG.md"), range: "v1.1.0..HEAD", commits: 3, breaking: 2, feat: 1, fix: 1, docs: 0, other: 1,
    });
    const md = await readFile(join(repo, "CHANGELOG.md"), "utf8");
    expect(md).toMatch(/^## v2\.0\.0 \(/);
    expect(md).toContain("### ⚠ Breaking Changes");
    expect(md).toMatch(/- the --legacy flag is gone \([0-9a-f]{7,}\)/);
    expect(md).toMatch(/- \*\*core:\*\* drop Node 16 \([0-9a-f]{7,}\)/);
    expect(md).toMatch(/- \*\*cli:\*\* correct typo in help \([0-9a-f]{7,}\)/);
    expect(md.indexOf("Breaking Changes")).toBeLessThan(md.indexOf("### Features"));
  });

  it("suggests the next semver from commit types", async () => {
    const minor = JSON.parse((await ok(bump(["--repo", repo, "--from", "v1.0.0", "--to", "v1.1.0"]))).stdout);
    expect(minor).toMatchObject({
      current: "1.0.0", next: "1.1.0", bump: "minor", tag: "v1.1.0", commits: 4,
      counts: { breaking: 0, feat: 1, fix: 1, docs: 1, other: 1 },
    });
    const major = JSON.parse((await ok(bump(["--repo", repo]))).stdout);
    expect(major).toMatchObject({ current: "1.1.0", next: "2.0.0", bump: "major", range: "v1.1.0..HEAD", commits: 3 });
    expect(major.counts.breaking).toBe(2);

    const fromStdin = await ok(bump(["--messages", "-", "--current", "0.3.1", "--plain"], "fix: a\ndocs: b\n"));
    expect(fromStdin.stdout.trim()).toBe("0.3.2");
    const none = JSON.parse((await ok(bump(["--messages", "-", "--current", "1.2.3"], "docs: x\nchore: y\n"))).stdout);
    expect(none).toMatchObject({ next: "1.2.3", bump: "none", tag: null });
  });

  it("the {baseDir} commands in SKILL.md run once the placeholder is filled in", async () => {
    const md = await readFile(join(SKILLS, "git-changelog", "SKILL.md"), "utf8");
    const skillDir = join(SKILLS, "git-changelog");
    const stdinExample = codeBlocks(md, "bash").find((b) => b.includes("--messages -"));
    expect(stdinExample).toBeDefined();
    const work = await tempDir("git-doc");
    await writeFile(join(work, "bump.sh"), stdinExample!.replaceAll("{baseDir}", skillDir));
    const r = await ok(run("bash", ["bump.sh"], { cwd: work }));
    expect(r.stdout.trim()).toBe("1.3.0");

    const gen = codeBlocks(md, "bash").find((b) => b.includes("changelog.sh") && b.includes("--from v1.2.0 --to HEAD"));
    expect(gen).toBeDefined();
    const adapted = gen!.replaceAll("{baseDir}", skillDir).replaceAll("path/to/repo", repo).replaceAll("v1.2.0", "v1.0.0");
    await writeFile(join(work, "gen.sh"), adapted);
    const cl = await ok(run("bash", ["gen.sh"], { cwd: work, env: gitEnv }));
    expect(cl.stdout).toContain("### ⚠ Breaking Changes");
    expect(cl.stdout).toContain("**parser:** add YAML support");
  });

  it("rejects bad input with clear errors and non-zero exits", async () => {
    const notRepo = await tempDir("norepo");
    const r1 = await changelog(["--repo", notRepo]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("not a git repository");
    const r2 = await changelog(["--repo", repo, "--from", "v9.9.9"]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("unknown ref 'v9.9.9'");
    const r3 = await bump(["--repo", join(notRepo, "missing")]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain("repository directory not found");
    const r4 = await bump(["--messages", "-", "--current", "banana"], "feat: x\n");
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain("not semver");
  });
});

describe("png-tools", () => {
  let dir: string;
  const W = 9;
  const H = 6;
  // The gradient make_test_png.py documents, and the BT.601 luma png_grayscale.py documents.
  const rgbAt = (x: number, y: number) => [
    Math.floor((255 * x) / (W - 1)),
    Math.floor((255 * y) / (H - 1)),
    Math.floor((255 * (x + y)) / (W + H - 2)),
  ] as const;
  const luma = ([r, g, b]: readonly [number, number, number]) => Math.floor((299 * r + 587 * g + 114 * b + 500) / 1000);

  /** Minimal reader for PNGs written with filter type 0 on every row (what png_grayscale.py writes). */
  function readUnfilteredPng(buf: Buffer) {
    let pos = 8;
    const idat: Buffer[] = [];
    let width = 0;
    let height = 0;
    let colorType = -1;
    while (pos < buf.length) {
      const len = buf.readUInt32BE(pos);
      const type = buf.toString("latin1", pos + 4, pos + 8);
      const data = buf.subarray(pos + 8, pos + 8 + len);
      if (type === "IHDR") {
        width = data.readUInt32BE(0);
        height = data.readUInt32BE(4);
        colorType = data[9]!;
      }
      if (type === "IDAT") idat.push(data);
      pos += 12 + len;
    }
    return { width, height, colorType, raw: inflateSync(Buffer.concat(idat)) };
  }

  beforeAll(async () => {
    dir = await tempDir("png");
  });

  it("undoes all five filter types: every encoding converts to the same grayscale pixels", async () => {
    const filters = ["none", "sub", "up", "average", "paeth", "mixed"];
    await Promise.all(
      filters.map(async (f) => {
        const made = JSON.parse((await ok(py("png-tools", "make_test_png.py", [`in-${f}.png`, "--width", `${W}`, "--height", `${H}`, "--filter", f], { cwd: dir }))).stdout);
        expect(made).toMatchObject({ width: W, height: H, mode: "rgb", filter: f });
        const conv = JSON.parse((await ok(py("png-tools", "png_grayscale.py", [`in-${f}.png`, `gray-${f}.png`], { cwd: dir }))).stdout);
        expect(conv).toMatchObject({ width: W, height: H, source_color_type: 2, output_color_type: 0, min_gray: 0, max_gray: 255 });
      }),
    );
    const reference = await readFile(join(dir, "gray-none.png"));
    for (const f of filters) expect((await readFile(join(dir, `gray-${f}.png`))).equals(reference), f).toBe(true);

    const png = readUnfilteredPng(reference);
    expect(png).toMatchObject({ width: W, height: H, colorType: 0 });
    expect(png.raw.length).toBe(H * (W + 1));
    for (let y = 0; y < H; y++) {
      expect(png.raw[y * (W + 1)]).toBe(0); // filter byte
      for (let x = 0; x < W; x++) expect(png.raw[y * (W + 1) + 1 + x], `pixel ${x},${y}`).toBe(luma(rgbAt(x, y)));
    }
  });

  it("png_info reports header fields and chunks of the source and the grayscale output", async () => {
    const src = JSON.parse((await ok(py("png-tools", "png_info.py", ["in-mixed.png"], { cwd: dir }))).stdout);
    expect(src).toMatchObject({
      width: W, height: H, bit_depth: 8, color_type: 2, color_type_name: "rgb", channels: 3, interlace: "none",
      idat_count: 1, decompressed_bytes: H * (1 + W * 3), data_ok: true, valid: true, warnings: [],
    });
    expect(src.chunks.map((c: { type: string }) => c.type)).toEqual(["IHDR", "tEXt", "IDAT", "IEND"]);
    expect(src.chunks.every((c: { crc_ok: boolean }) => c.crc_ok)).toBe(true);
    expect(src.text.Software).toContain("make_test_png.py");

    const gray = JSON.parse((await ok(py("png-tools", "png_info.py", ["gray-mixed.png"], { cwd: dir }))).stdout);
    expect(gray).toMatchObject({ width: W, height: H, bit_depth: 8, color_type: 0, color_type_name: "grayscale", channels: 1, valid: true });
    expect(gray.chunks.map((c: { type: string }) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  });

  it("handles alpha: composites over a background or keeps it", async () => {
    await ok(py("png-tools", "make_test_png.py", ["rgba.png", "--mode", "rgba", "--width", "5", "--height", "3"], { cwd: dir }));
    const kept = JSON.parse((await ok(py("png-tools", "png_grayscale.py", ["rgba.png", "ga.png", "--keep-alpha"], { cwd: dir }))).stdout);
    expect(kept.output_color_type).toBe(4);
    const info = JSON.parse((await ok(py("png-tools", "png_info.py", ["ga.png"], { cwd: dir }))).stdout);
    expect(info).toMatchObject({ color_type: 4, channels: 2, valid: true });
    const ga = readUnfilteredPng(await readFile(join(dir, "ga.png")));
    // Row 0, x = 4 (last column): alpha = 255 - 128 = 127.
    expect(ga.raw[1 + 4 * 2 + 1]).toBe(127);

    await ok(py("png-tools", "png_grayscale.py", ["rgba.png", "black.png", "--background", "0"], { cwd: dir }));
    const black = readUnfilteredPng(await readFile(join(dir, "black.png")));
    const g = ga.raw[1 + 4 * 2]!;
    expect(black.raw[1 + 4]).toBe(Math.floor((g * 127 + 127) / 255));
  });

  it("the Python snippet in SKILL.md reads the converted file", async () => {
    const md = await readFile(join(SKILLS, "png-tools", "SKILL.md"), "utf8");
    const [snippet] = codeBlocks(md, "python");
    expect(snippet).toBeDefined();
    await copyFile(join(dir, "gray-mixed.png"), join(dir, "input-gray.png"));
    await writeFile(join(dir, "snippet.py"), snippet!);
    const r = await ok(run("python3", ["snippet.py"], { cwd: dir }));
    expect(r.stdout.trim()).toBe(`top-left gray: ${luma(rgbAt(0, 0))}`);
  });

  it("rejects bad input with clear errors and non-zero exits", async () => {
    await writeFile(join(dir, "fake.png"), "this is not a png\n");
    const info = await py("png-tools", "png_info.py", ["fake.png"], { cwd: dir });
    expect(info.code).toBe(1);
    expect(info.stderr).toContain("bad signature");
    const conv = await py("png-tools", "png_grayscale.py", ["fake.png", "out.png"], { cwd: dir });
    expect(conv.code).toBe(1);
    expect(conv.stderr).toContain("not a PNG file");
    const missing = await py("png-tools", "png_grayscale.py", ["missing.png", "out.png"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("file not found: missing.png");

    const whole = await readFile(join(dir, "in-mixed.png"));
    await writeFile(join(dir, "truncated.png"), whole.subarray(0, whole.length - 30));
    const trunc = await py("png-tools", "png_info.py", ["truncated.png"], { cwd: dir });
    expect(trunc.code).toBe(1);
    expect(trunc.stderr).toMatch(/runs past the end of the file/);

    const corrupt = Buffer.from(whole);
    corrupt[20] = corrupt[20]! ^ 0xff; // inside IHDR: its CRC no longer matches
    await writeFile(join(dir, "corrupt.png"), corrupt);
    const crc = await py("png-tools", "png_info.py", ["corrupt.png"], { cwd: dir });
    expect(crc.code).toBe(1);
    expect(crc.stderr).toContain("CRC mismatch in chunk(s): IHDR");
  });
});

describe("text-stats", () => {
  let dir: string;
  const TEXT =
    "The quick brown fox jumps over the lazy dog. The dog sleeps!\n\n" +
    "Is the fox quick? Yes, the fox is very quick and the fox is clever. Foxes don't rest.\n";

  beforeAll(async () => {
    dir = await tempDir("text");
    await writeFile(join(dir, "notes.txt"), TEXT);
  });

  it("text_stats.py --json reports counts, frequencies, sentence lengths and readability", async () => {
    const r = await ok(py("text-stats", "text_stats.py", ["notes.txt", "--top", "3", "--json"], { cwd: dir }));
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      files: ["notes.txt"], words: 30, unique_words: 17, sentences: 5, paragraphs: 2, lines: 3, characters: TEXT.length,
    });
    expect(s.top_words).toEqual([
      { word: "fox", count: 4 },
      { word: "quick", count: 3 },
      { word: "dog", count: 2 },
    ]);
    expect(s.sentence_lengths).toEqual({
      min: 3, max: 11, mean: 6, median: 4,
      histogram: { "1-5": 3, "6-10": 1, "11-15": 1, "16-20": 0, "21-30": 0, "31+": 0 },
    });
    const ease = 206.835 - 1.015 * (s.words / s.sentences) - 84.6 * (s.syllables / s.words);
    expect(s.flesch_reading_ease).toBeCloseTo(ease, 2);
    expect(s.flesch_kincaid_grade).toBeCloseTo(0.39 * (s.words / s.sentences) + 11.8 * (s.syllables / s.words) - 15.59, 2);
    expect(s.reading_level).toBe("very easy");

    const withStop = JSON.parse((await ok(py("text-stats", "text_stats.py", ["-", "--top", "1", "--keep-stopwords", "--json"], { cwd: dir, input: TEXT }))).stdout);
    expect(withStop.top_words).toEqual([{ word: "the", count: 6 }]);

    const text = await ok(py("text-stats", "text_stats.py", ["notes.txt", "--top", "2"], { cwd: dir }));
    expect(text.stdout).toMatch(/words\s+30\n/);
    expect(text.stdout).toContain("Top 2 words:");
  });

  it("the Python and bash templates in SKILL.md run and agree with the script", async () => {
    const md = await readFile(join(SKILLS, "text-stats", "SKILL.md"), "utf8");
    const pyBlocks = codeBlocks(md, "python");
    expect(pyBlocks.length).toBeGreaterThanOrEqual(3);
    const outputs: string[] = [];
    for (const [i, code] of pyBlocks.entries()) {
      expect(code).toContain('path = "notes.txt"');
      await writeFile(join(dir, `template${i}.py`), code);
      outputs.push((await ok(run("python3", [`template${i}.py`], { cwd: dir }))).stdout);
    }
    const s = JSON.parse((await ok(py("text-stats", "text_stats.py", ["notes.txt", "--json"], { cwd: dir }))).stdout);
    expect(outputs[0]).toContain(`${s.words} words, ${s.unique_words} unique`);
    expect(outputs[0]).toMatch(/^\s+1\. fox\s+4$/m);
    expect(outputs[1]).toContain(`Flesch reading ease: ${s.flesch_reading_ease.toFixed(1)}`);
    expect(outputs[2]).toContain(`${s.sentences} sentences, median ${s.sentence_lengths.median} words, max ${s.sentence_lengths.max}`);

    const shell = codeBlocks(md, "bash").find((b) => b.includes("wc -w"));
    expect(shell).toBeDefined();
    await writeFile(join(dir, "template.sh"), shell!);
    const sh = await ok(run("bash", ["template.sh"], { cwd: dir }));
    const [wcLine, firstFreq] = sh.stdout.split("\n");
    expect(wcLine).toBe("30 notes.txt");
    expect(firstFreq!.trim()).toBe("6 the");
  });

  it("rejects bad input with clear errors and non-zero exits", async () => {
    const missing = await py("text-stats", "text_stats.py", ["missing.txt"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("file not found: missing.txt");
    await writeFile(join(dir, "numbers.txt"), "123 456\n");
    const empty = await py("text-stats", "text_stats.py", ["numbers.txt"], { cwd: dir });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("no words found");
    const badTop = await py("text-stats", "text_stats.py", ["notes.txt", "--top", "-1"], { cwd: dir });
    expect(badTop.code).toBe(2);
    expect(badTop.stderr).toContain("--top must be >= 0");
  });
});
