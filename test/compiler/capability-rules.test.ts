import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findGaps, RequirementReport } from "../../src/compiler/capability/contract.js";
import { readProfileFile } from "../../src/profile/index.js";
import { Manifest } from "../../src/compiler/manifest.js";
import { skvm } from "../helpers/cli.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

// One small skill per primitive family, compiled once by the real `skvm compile`; each test reads
// the capabilities.json the capability pass wrote and checks requirements, levels and evidence
// lines (1-based SKILL.md lines, frontmatter counted).

const FIXTURES: Record<string, { body: string; files?: Record<string, string> }> = {
  "runs-script": {
    body: [
      "# Collect",
      "",
      "1. Collect the figures:",
      "",
      "   ```bash",
      "   python scripts/collect.py data.csv",
      "   ```",
      "",
      "Then run `bash scripts/clean.sh out/` to tidy up.",
    ].join("\n"),
    files: { "scripts/collect.py": "print(1)\n", "scripts/clean.sh": "echo ok\n" },
  },
  "writes-code": {
    body: "# Group\n\nWrite a Python script that groups the rows of `sales.csv` by region and run it.\n",
  },
  "adapts-code": {
    body: [
      "# Queries",
      "",
      "Adapt this query to the user's tables:",
      "",
      "```sql",
      "SELECT c.name, SUM(o.total) FROM orders o",
      "JOIN customers c ON c.id = o.customer_id",
      "GROUP BY c.name;",
      "```",
      "",
      "Extend this loader when more sources appear:",
      "",
      "```javascript",
      "import { readFile } from 'node:fs/promises';",
      "const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));",
      "console.log(texts.length);",
      "```",
    ].join("\n"),
  },
  "json-output": {
    body: [
      "# Answer",
      "",
      "Return the result as JSON of this shape:",
      "",
      "```json",
      '{ "region": "north", "items": [{ "id": 1, "total": 12 }] }',
      "```",
    ].join("\n"),
  },
  "writes-regex": {
    body: "# Dates\n\nWrite a regular expression that validates ISO dates such as 2024-01-31.\n",
  },
  "branching-steps": {
    body: [
      "# Release",
      "",
      "1. Build the package.",
      "2. Run the test suite.",
      "3. If a test fails, stop and report the failing test.",
      "4. Publish the package.",
    ].join("\n"),
  },
  "files-io": {
    body: [
      "# Audit",
      "",
      "See `references/rules.md` for the rules.",
      "Consult references/terms.md and references/limits.md before you decide.",
      "Save the summary to `out/summary.md` and the data to `out/data/table.csv`.",
    ].join("\n"),
    files: { "references/rules.md": "r\n", "references/terms.md": "t\n", "references/limits.md": "l\n" },
  },
  "parallel-asks": {
    body: [
      "# Review",
      "",
      "Spawn a sub-agent for each package of the repository.",
      "",
      "Read the three config files in parallel.",
    ].join("\n"),
  },
  "web-steps": {
    body: [
      "# Items",
      "",
      "Fetch https://api.example.com/items?page=1 and follow the pagination to the last page.",
      "",
      "Open the dashboard in the browser and click the Export button.",
    ].join("\n"),
  },
  "computes": {
    body: "# Price\n\nCalculate the total price after a 10% discount, then add 8% tax.\n",
  },
  "long-report": {
    body: "# Audit\n\nWrite a comprehensive report of the findings.\n\nThe report must run to at least 1500 words.\n",
  },
  "answer-rules": {
    body: [
      "# Answer",
      "",
      "Format your answer as a bulleted list.",
      "Keep the summary to at most 100 words.",
      "Use a formal tone with no contractions.",
    ].join("\n"),
  },
  "demo-report": {
    body: [
      "# Sales report",
      "",
      "1. Collect the figures: `python scripts/collect.py sales.csv`.",
      "2. Write a comprehensive report of the figures for the board.",
    ].join("\n"),
    files: { "scripts/collect.py": "print(1)\n" },
  },
  "passing-mentions": {
    body: [
      "# Convert",
      "",
      "This skill works with JSON and YAML files; the script prints JSON to stdout.",
      "The script writes a short report and downloads the pages in parallel.",
      "",
      "```bash",
      "python scripts/run.py input.json --out result.json",
      "```",
      "",
      "Read `result.json` when it is done, then summarize the report for the user.",
    ].join("\n"),
    files: { "scripts/run.py": "print(1)\n" },
  },
};

let root: string;
const mdOf: Record<string, string> = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "skvm-capability-"));
  for (const [name, { body, files }] of Object.entries(FIXTURES)) {
    mdOf[name] = skillMd(name, `The ${name} fixture.`, body);
    await writeSkill(join(root, "skills"), name, { "SKILL.md": mdOf[name], ...files });
  }
  const { code, stderr } = await skvm(["compile", "skills", "--out", "compiled", "--json"], root);
  expect(code, stderr).toBe(0);
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

const report = async (name: string): Promise<RequirementReport> =>
  RequirementReport.parse(JSON.parse(await readFile(join(root, "compiled", name, "capabilities.json"), "utf8")));

/** `{id: level}` of a skill's report. */
const levels = async (name: string) => Object.fromEntries((await report(name)).requirements.map((r) => [r.id, r.level]));

/** Evidence lines of one requirement, as `file:line`. */
const lines = async (name: string, id: string) => (await report(name)).requirements.find((r) => r.id === id)?.evidence.map((e) => `${e.file}:${e.line}`);

/** The 1-based SKILL.md line holding `needle` (frontmatter counted), found independently of the analysis. */
const at = (name: string, needle: string): string => {
  const index = (mdOf[name] ?? "").split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`fixture ${name} has no line with ${needle}`);
  return `SKILL.md:${index + 1}`;
};

describe("capability pass: one skill per primitive family", () => {
  it("a bundled script run by relative path, in a block or in prose, is tool.exec L1 and not gen.code.shell", async () => {
    expect(await levels("runs-script")).toEqual({ "tool.exec": 1 });
    expect(await lines("runs-script", "tool.exec")).toEqual([at("runs-script", "python scripts/collect.py"), at("runs-script", "bash scripts/clean.sh")]);
    expect(at("runs-script", "python scripts/collect.py")).toBe("SKILL.md:10");
  });

  it('"write a Python script ... and run it" is gen.code.python L1 and tool.exec L2', async () => {
    expect(await levels("writes-code")).toEqual({ "gen.code.python": 1, "tool.exec": 2 });
    expect(await lines("writes-code", "gen.code.python")).toEqual([at("writes-code", "Write a Python script")]);
  });

  it("example blocks the model adapts: SQL with a join is L2, JavaScript with Promise.all is L3, at the deciding line", async () => {
    expect(await levels("adapts-code")).toEqual({ "gen.code.javascript": 3, "gen.code.sql": 2 });
    expect(await lines("adapts-code", "gen.code.sql")).toEqual([at("adapts-code", "JOIN customers")]);
    expect(await lines("adapts-code", "gen.code.javascript")).toEqual([at("adapts-code", "Promise.all")]);
  });

  it("JSON output of a shown shape is gen.text.structured L2, with the ask and the shape as evidence", async () => {
    expect(await levels("json-output")).toEqual({ "gen.text.structured": 2 });
    expect(await lines("json-output", "gen.text.structured")).toEqual([at("json-output", "Return the result"), at("json-output", '"region"')]);
  });

  it("a regex that validates a structured token is gen.regex L2", async () => {
    expect(await levels("writes-regex")).toEqual({ "gen.regex": 2 });
    expect(await lines("writes-regex", "gen.regex")).toEqual([at("writes-regex", "Write a regular expression")]);
  });

  it("a numbered procedure with a branch is follow.procedure L2: the branch first, then the procedure's first step", async () => {
    expect(await levels("branching-steps")).toEqual({ "follow.procedure": 2 });
    expect(await lines("branching-steps", "follow.procedure")).toEqual([at("branching-steps", "If a test fails"), at("branching-steps", "Build the package")]);
  });

  it("three bundled references to consult are tool.file.read L2; two files in nested folders are tool.file.write L3", async () => {
    expect(await levels("files-io")).toEqual({ "tool.file.read": 2, "tool.file.write": 3 });
    expect(await lines("files-io", "tool.file.read")).toEqual([at("files-io", "See `references/rules.md`"), at("files-io", "Consult references/terms.md")]);
    expect(await lines("files-io", "tool.file.write")).toEqual([at("files-io", "Save the summary")]);
  });

  it("a sub-agent ask is follow.delegation L1 and a parallel-read ask is tool.call.batch L1", async () => {
    expect(await levels("parallel-asks")).toEqual({ "tool.call.batch": 1, "follow.delegation": 1 });
    expect(await lines("parallel-asks", "follow.delegation")).toEqual([at("parallel-asks", "Spawn a sub-agent")]);
    expect(await lines("parallel-asks", "tool.call.batch")).toEqual([at("parallel-asks", "in parallel")]);
  });

  it("following pagination is tool.web L3; clicking in a browser is tool.browser L1", async () => {
    expect(await levels("web-steps")).toEqual({ "tool.web": 3, "tool.browser": 1 });
    expect(await lines("web-steps", "tool.web")).toEqual([at("web-steps", "Fetch https://")]);
    expect(await lines("web-steps", "tool.browser")).toEqual([at("web-steps", "in the browser")]);
  });

  it("a discount-then-tax calculation is reason.arithmetic L2", async () => {
    expect(await levels("computes")).toEqual({ "reason.arithmetic": 2 });
    expect(await lines("computes", "reason.arithmetic")).toEqual([at("computes", "Calculate the total")]);
  });

  it("a comprehensive report and a 1500-word minimum are gen.text.long L2", async () => {
    expect(await levels("long-report")).toEqual({ "gen.text.long": 2 });
    expect(await lines("long-report", "gen.text.long")).toEqual([at("long-report", "comprehensive report"), at("long-report", "1500 words")]);
  });

  it("answer rules: a format is follow.format L1, a word limit follow.constraint L1, a formal tone follow.style L1", async () => {
    expect(await levels("answer-rules")).toEqual({ "follow.format": 1, "follow.constraint": 1, "follow.style": 1 });
    expect(await lines("answer-rules", "follow.format")).toEqual([at("answer-rules", "Format your answer")]);
    expect(await lines("answer-rules", "follow.constraint")).toEqual([at("answer-rules", "at most 100 words")]);
    expect(await lines("answer-rules", "follow.style")).toEqual([at("answer-rules", "formal tone")]);
  });
});

describe("capability pass: what is not a demand", () => {
  it("JSON in passing, a script's report and its parallel downloads demand nothing; a bash block that calls a bundled script is tool.exec only", async () => {
    const found = await levels("passing-mentions");
    expect(found).toEqual({ "tool.exec": 1, "tool.file.read": 1 });
    expect(await lines("passing-mentions", "tool.file.read")).toEqual([at("passing-mentions", "Read `result.json`")]);
  });
});

describe("capability pass: gaps against the bundled SkVM profiles", () => {
  it("a skill that runs a bundled script and asks for a comprehensive report falls short of qwen3.5-9b, not of claude-opus-4.6", async () => {
    const demo = await report("demo-report");
    expect(demo.requirements.map((r) => [r.id, r.level])).toEqual([["gen.text.long", 2], ["tool.exec", 1]]);
    const bundled = resolve("profiles/skvm-data");
    const qwen = await readProfileFile(join(bundled, "bare-agent--qwen--qwen3.5-9b.json"));
    const opus = await readProfileFile(join(bundled, "bare-agent--anthropic--claude-opus-4.6.json"));
    expect(findGaps(demo, qwen.capabilities).map((g) => [g.id, g.kind, g.required, g.have, g.evidence[0]!.line])).toEqual([
      ["gen.text.long", "weak", 2, 1, Number(at("demo-report", "comprehensive report").split(":")[1])],
      ["tool.exec", "missing", 1, 0, Number(at("demo-report", "python scripts/collect.py").split(":")[1])],
    ]);
    expect(findGaps(demo, opus.capabilities)).toEqual([]);
  });
});

describe("capability pass: the artifact", () => {
  it("sets manifest.capabilities to the report's {id: level} for the default profile, beside capabilities.json of the same source", async () => {
    const manifest = Manifest.parse(JSON.parse(await readFile(join(root, "compiled/json-output/manifest.json"), "utf8")));
    const written = await report("json-output");
    expect(manifest.compiler.passes[0]).toBe("capability");
    expect(manifest.capabilities).toEqual({ required: { "gen.text.structured": 2 }, profile: "default" });
    expect(written.sourceHash).toBe(manifest.skill.sourceHash);
    expect(written.requirements.every((r) => r.source === "rules" && r.evidence.every((e) => e.why.length > 0))).toBe(true);
  });
});
