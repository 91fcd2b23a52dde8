import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const TEMPLATE = 'path = "notes.txt"\ntop = 2\nwith open(path, encoding="utf-8") as fh:\n    words = fh.read().split()\nprint(" ".join(words[:top]))\n';

/** Runs the CLI with `input` on stdin; resolves with exit code and output. */
function skvm(args: string[], cwd: string, input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, SKVM_LOG_LEVEL: "silent" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("skvm match, run and stats", () => {
  let root: string;
  const common = () => ["--skills", "skills", "--compiled", "compiled"];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-jitcli-"));
    await writeSkill(join(root, "skills"), "words", { "SKILL.md": skillMd("words", "First words of a file", `# Words\n\n## Template: first words\n\n\`\`\`python\n${TEMPLATE}\`\`\`\n`) });
    await writeFile(join(root, "essay.txt"), "alpha beta gamma delta\n");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("match prints the template and the values a retyped snippet carries, as JSON", async () => {
    const code = "# mine\nf = 'essay.txt'\ntop=3\nwith open(f, encoding='utf-8') as h:\n    ws = h.read().split()\nprint(' '.join(ws[:top]))\n";
    const { code: exit, stdout } = await skvm(["match", "--skill", "words", "--json", ...common()], root, code);
    expect(exit).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ matched: true, kind: "exact", lang: "python", template: "first-words", params: { path: "essay.txt", top: 3 } });
  });

  it("match explains a miss and exits 1", async () => {
    const { code, stdout } = await skvm(["match", "--skill", "words", "--lang", "python", ...common()], root, TEMPLATE.replace(".split()", ".splitlines()"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/no match \(python\); nearest template "first-words"/);
    expect(stdout).toMatch(/splitlines/);
  });

  it("match refuses an unknown skill or language, and empty input, with exit 2", async () => {
    expect(await skvm(["match", "--skill", "nope", ...common()], root, "print(1)")).toMatchObject({ code: 2, stderr: expect.stringMatching(/no skill named "nope"/) });
    expect(await skvm(["match", "--skill", "words", "--lang", "cobol", ...common()], root, "x")).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown language/) });
    expect(await skvm(["match", "--skill", "words", ...common()], root, "")).toMatchObject({ code: 2, stderr: expect.stringMatching(/no code given/) });
  });

  it("run executes the canonical program with typed parameters and passes its exit code on", async () => {
    const ok = await skvm(["run", "words", "first-words", "--arg", "path=essay.txt", "--arg", "top=2", ...common()], root);
    expect(ok).toMatchObject({ code: 0, stdout: "alpha beta\n" });
    const missing = await skvm(["run", "words", "first-words", "--arg", "path=absent.txt", ...common()], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FileNotFoundError/);
  });

  it("run names a bad parameter, a bad value or an unknown template (exit 2)", async () => {
    expect(await skvm(["run", "words", "first-words", "--arg", "size=3", ...common()], root)).toMatchObject({ code: 2, stderr: expect.stringMatching(/no parameter "size".*path \(string\), top \(integer\)/) });
    expect(await skvm(["run", "words", "first-words", "--arg", "top=many", ...common()], root)).toMatchObject({ code: 2, stderr: expect.stringMatching(/PARAM_INVALID: top must be integer/) });
    expect(await skvm(["run", "words", "other", ...common()], root)).toMatchObject({ code: 2, stderr: expect.stringMatching(/no template "other"; templates: first-words/) });
  });

  it("stats lists every template with its counts, as JSON", async () => {
    const { code, stdout } = await skvm(["stats", "--json", ...common()], root);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.templates).toEqual([expect.objectContaining({ skill: "words", template: "first-words", matches: 0, promoted: false, tokensSaved: 0 })]);
    expect(report.state).toMatch(/jit\/[0-9a-f]{16}\.json$/);
  });
});
