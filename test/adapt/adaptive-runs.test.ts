import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFailures } from "../../src/adapt/index.js";
import { skvm } from "../helpers/cli.js";
import { tempConfig } from "../helpers/model-config.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { listedWhenChecked, type ListedSkill } from "../helpers/list-skills.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

/**
 * Failures no static pass can foresee (a module imported by a name built at run time, a command
 * called through a variable, a bundled file given by a relative path) are classified from the
 * run's own output, patched into the compiled skill, and the next run works.
 */
describe("adaptive recompilation through the MCP client", () => {
  let root: string;
  let skills: string;
  let compiled: string;
  let binDir: string;
  let conn: Connected;
  let listChanged = 0;
  // No model is configured: failures no rule explains are recorded, and nothing is proposed.
  const noModel = tempConfig({});
  const call = (name: string, args: Record<string, unknown>, timeout = 60_000) => conn.client.callTool({ name, arguments: args }, { timeout });
  const listed = (name: string) => listedWhenChecked(conn.client, name);
  const patchesOf = async (name: string) => JSON.parse(await readFile(join(compiled, name, "patches.json"), "utf8")).patches as { kind: string; id: string; evidence: { class: string } }[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-adapt-"));
    skills = join(root, "skills");
    compiled = join(root, "compiled");
    binDir = join(root, "bin");
    await mkdir(binDir);
    await writeSkill(skills, "py-dynamic", {
      "SKILL.md": skillMd("py-dynamic", "Loads a plugin module chosen at run time", "# Run\n\n```bash\npython3 scripts/load.py\n```\n"),
      "scripts/load.py": 'import importlib\nname = "_".join(["skvm", "absent", "plugin"])\nmodule = importlib.import_module(name)\nprint(module.__name__)\n',
    });
    await writeSkill(skills, "node-dynamic", {
      "SKILL.md": skillMd("node-dynamic", "Checks numbers with a package chosen at run time", "# Run\n\n```bash\nnode scripts/check.mjs 42\n```\n"),
      "scripts/check.mjs": 'const name = ["is", "number"].join("-");\nconst { default: isNumber } = await import(name);\nconsole.log(`is number: ${isNumber(process.argv[2])}`);\n',
    });
    await writeSkill(skills, "cmd-var", {
      "SKILL.md": skillMd("cmd-var", "Runs a tool named in a variable", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\ncmd=skvm-adapt-fake-jq\n$cmd --version\n",
    });
    await writeSkill(skills, "rel-path", {
      "SKILL.md": skillMd("rel-path", "Looks up a code in a bundled table", "# Look up\n\nGive scripts/lookup.py the table data/codes.csv as its first argument and the code as its second.\n"),
      "scripts/lookup.py": "import sys\nfor line in open(sys.argv[1]):\n    code, name = line.strip().split(',')\n    if code == sys.argv[2]:\n        print(name)\n",
      "data/codes.csv": "a1,alpha\nb2,beta\n",
    });
    await writeSkill(skills, "plain-fail", {
      "SKILL.md": skillMd("plain-fail", "Fails for a reason no rule knows", "# Run\n\n```bash\npython3 scripts/fail.py\n```\n"),
      "scripts/fail.py": "import sys\nsys.stderr.write('the service said no\\n')\nsys.exit(4)\n",
    });
    conn = await connectStdio(["--skills", skills, "--compiled", compiled], { PATH: `${binDir}:${process.env.PATH}`, SKVM_CONFIG: noModel.env.SKVM_CONFIG! });
    conn.client.setNotificationHandler('notifications/tools/list_changed', () => void listChanged++);
  });
  afterAll(async () => {
    await conn?.close();
    noModel.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("a Python module imported by a computed name: classified, required, and the skill reported not ready naming it", async () => {
    // No static pass can see the import: the skill starts out ready.
    expect(await listed("py-dynamic")).toMatchObject({ ready: true });
    const before = listChanged;
    const run = await call("run_script", { skill: "py-dynamic", script: "scripts/load.py" });
    expect(run.isError).toBe(true);
    expect(textOf(run)).toContain("ModuleNotFoundError: No module named 'skvm_absent_plugin'");
    expect(textOf(run)).toContain("failure recorded as missing-python-module (skvm_absent_plugin)");
    expect(textOf(run)).toMatch(/ENV_NOT_READY: skill "py-dynamic" cannot run yet: missing Python package skvm_absent_plugin/);
    expect(await listed("py-dynamic")).toMatchObject({ ready: false, missing: [{ kind: "python", name: "skvm_absent_plugin" }] });
    // Its own tool goes while it is not ready.
    await expect.poll(() => listChanged).toBeGreaterThan(before);
    expect((await conn.client.listTools()).tools.map((t) => t.name)).not.toContain("py-dynamic");
    const [patch] = await patchesOf("py-dynamic");
    expect(patch).toMatchObject({ kind: "require", requirement: { kind: "python", name: "skvm_absent_plugin" }, evidence: { class: "missing-python-module" } });
    const manifest = JSON.parse(await readFile(join(compiled, "py-dynamic", "manifest.json"), "utf8"));
    expect(manifest.env.requires.python).toContainEqual(expect.objectContaining({ name: "skvm_absent_plugin", origins: [`patch ${patch!.id}`] }));
    expect(manifest.patches).toEqual([patch!.id]);
    // The user's skill folder is never written to.
    expect(existsSync(join(skills, "py-dynamic", "patches.json"))).toBe(false);
  });

  it("an npm package imported by a computed name: required, installed by env_setup, and the next run succeeds", async () => {
    expect(await listed("node-dynamic")).toMatchObject({ ready: true });
    const first = await call("run_script", { skill: "node-dynamic", script: "scripts/check.mjs", args: ["42"] });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toContain("failure recorded as missing-npm-package (is-number)");
    expect(await listed("node-dynamic")).toMatchObject({ ready: false, missing: [{ kind: "node", name: "is-number" }] });
    const setup = await call("env_setup", { skill: "node-dynamic" }, 180_000);
    expect(textOf(setup)).toContain('skill "node-dynamic" is ready');
    const next = await call("run_script", { skill: "node-dynamic", script: "scripts/check.mjs", args: ["42"] });
    expect(textOf(next)).toContain("is number: true");
    expect(next.isError).toBeFalsy();
  }, 200_000);

  it("a command called through a variable: an executable requirement, ready once it is on PATH", async () => {
    const first = await call("run_script", { skill: "cmd-var", script: "scripts/run.sh" });
    expect(textOf(first)).toContain("failure recorded as command-not-found (skvm-adapt-fake-jq)");
    expect(await listed("cmd-var")).toMatchObject({ ready: false, missing: [{ kind: "bins", name: "skvm-adapt-fake-jq" }] });
    const refused = await call("run_script", { skill: "cmd-var", script: "scripts/run.sh" });
    expect(textOf(refused)).toMatch(/ENV_NOT_READY.*executable skvm-adapt-fake-jq/);
    const tool = join(binDir, "skvm-adapt-fake-jq");
    await writeFile(tool, "#!/bin/sh\necho fake-jq 1.7\n");
    await chmod(tool, 0o755);
    expect(textOf(await call("env_setup", { skill: "cmd-var" }))).toContain('skill "cmd-var" is ready');
    const next = await call("run_script", { skill: "cmd-var", script: "scripts/run.sh" });
    expect(textOf(next)).toContain("fake-jq 1.7");
  });

  it("a bundled file given by a relative path: SKILL.md points at the skill's folder and the next run succeeds", async () => {
    const before = textOf(await call("load_skill", { name: "rel-path" }));
    expect(before).toContain(" data/codes.csv ");
    // The model runs from its own working folder, where the relative path means nothing.
    const first = await call("run_script", { skill: "rel-path", script: "scripts/lookup.py", args: ["data/codes.csv", "b2"], cwd: root });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toContain("failure recorded as file-not-found (data/codes.csv)");
    const after = textOf(await call("load_skill", { name: "rel-path" }));
    const table = join(skills, "rel-path", "data", "codes.csv");
    expect(after).toContain(` ${table} `);
    // The model takes the path as the instructions now give it.
    const next = await call("run_script", { skill: "rel-path", script: "scripts/lookup.py", args: [table, "b2"], cwd: root });
    expect(textOf(next)).toContain("beta");
    const [patch] = await patchesOf("rel-path");
    expect(patch).toMatchObject({ kind: "absolute-path", path: "data/codes.csv" });
    // The artifact keeps the portable token, never this machine's path.
    expect(await readFile(join(compiled, "rel-path", "SKILL.md"), "utf8")).toContain("${SKVM_SKILL_DIR}/data/codes.csv");
  });

  it("list_skills and skvm stats show failures by class, the patches and whether each fix held", async () => {
    const adaptiveOf = async (name: string) => ((await listed(name)) as ListedSkill & { adaptive?: unknown }).adaptive;
    expect(await adaptiveOf("cmd-var")).toMatchObject({
      failures: { "command-not-found": 1 },
      totalFailures: 1,
      patchesApplied: 1,
      fixes: [{ kind: "require", class: "command-not-found", subject: "skvm-adapt-fake-jq", before: 1, after: 0 }],
    });
    // Failures no rule explains are recorded too; without a configured model nothing is proposed.
    for (let i = 0; i < 2; i++) expect(textOf(await call("run_script", { skill: "plain-fail", script: "scripts/fail.py" }))).toContain("failure recorded as unknown: the service said no");
    expect(await adaptiveOf("plain-fail")).toMatchObject({ failures: { unknown: 2 }, patchesApplied: 0, fixes: [] });
    // Each record says what ran, how it ended, what it printed and who ran it.
    const [record] = await readFailures({ name: "plain-fail", dir: join(skills, "plain-fail") });
    expect(record).toMatchObject({ source: "run_script", target: "scripts/fail.py", exitCode: 4, timedOut: false, stderrTail: "the service said no\n", client: "skvm-test/0", classification: { class: "unknown" } });
    expect(textOf(await call("skill_proposals", {}))).toBe("no pending proposals");
    expect(existsSync(join(compiled, "plain-fail", "proposals.json"))).toBe(false);
    // The model's own code through run_code: recorded with the code and its language.
    const code = "total = 0\nprint(totl)\n";
    expect(textOf(await call("run_code", { skill: "plain-fail", language: "python", code }))).toContain("failure recorded as code-error (NameError)");
    expect((await readFailures({ name: "plain-fail", dir: join(skills, "plain-fail") })).at(-1)).toMatchObject({ source: "run_code", target: "code", code, lang: "python" });
    const stats = await skvm(["stats", "--json", "--skills", skills, "--compiled", compiled], root);
    expect(JSON.parse(stats.stdout).adaptive).toMatchObject({ "plain-fail": { totalFailures: 3, failures: { unknown: 2, "code-error": 1 } }, "cmd-var": { patchesApplied: 1 } });
  });
});
