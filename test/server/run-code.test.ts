import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
type Run = { exitCode: number | null; stdout: string; timedOut: boolean; served?: boolean; cached?: boolean; directTool?: string; match?: { kind: string; template?: string; params: Record<string, unknown> } };
const structured = (r: { structuredContent?: unknown }) => r.structuredContent as Run;

const GREET = [
  "import sys",
  "",
  'name = "world"  # <- change',
  "times = 2  # <- change",
  "for i in range(times):",
  '    print(f"hello {name} {i}")',
].join("\n");

/** The model retypes the template with its own names, layout, comments and values. */
const greetVariant = (name: string, times: number) =>
  ["import sys", "# say hello", `who = '${name}'`, `times=${times}`, "for k in range( times ):", '    print(f"hello {who} {k}")', ""].join("\n");

describe("run_code: templates matched, solidified, served, and run safely", () => {
  let root: string;
  let skills: string;
  let conn: Connected;
  let listChanged = 0;
  const args = () => ["--skills", skills, "--compiled", join(root, "compiled")];
  const call = async (name: string, a: Record<string, unknown>) => conn.client.callTool({ name, arguments: a });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-runcode-"));
    skills = join(root, "skills");
    await writeSkill(skills, "greeter", {
      "SKILL.md": skillMd(
        "greeter",
        "Greets people by name, several times",
        `# Greet\n\n## Template: greet\n\n\`\`\`python\n${GREET}\n\`\`\`\n\n## Count lines\n\n\`\`\`python\npath = "notes.txt"\nwith open(path) as fh:\n    print(sum(1 for _ in fh))\n\`\`\`\n\n## Echo arguments\n\n\`\`\`bash\npython3 scripts/echo_args.py "hello world" --tag first\n\`\`\`\n`,
      ),
      "scripts/echo_args.py": "import json, sys\nprint(json.dumps(sys.argv[1:]))\n",
    });
    conn = await connectStdio(args());
    conn.client.setNotificationHandler('notifications/tools/list_changed', () => void listChanged++);
  });
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("counts exact matches, solidifies on the third, serves the fourth, and offers the direct tool", async () => {
    const before = listChanged;
    for (const [i, who] of ["ada", "bob", "cy"].entries()) {
      const r = await call("run_code", { skill: "greeter", language: "python", code: greetVariant(who, i + 1) });
      const s = structured(r);
      expect(s.exitCode).toBe(0);
      expect(s.stdout).toBe(Array.from({ length: i + 1 }, (_, k) => `hello ${who} ${k}\n`).join(""));
      expect(s.match).toMatchObject({ kind: "exact", template: "greet", params: { name: who, times: i + 1 } });
      expect(s.served).toBe(false);
    }
    await expect.poll(() => listChanged).toBeGreaterThan(before);
    const tools = (await conn.client.listTools()).tools;
    const direct = tools.find((t) => t.name === "greeter__greet");
    expect(direct?.inputSchema.properties).toMatchObject({ name: { type: "string" }, times: { type: "integer" } });

    const fourth = await call("run_code", { skill: "greeter", language: "python", code: greetVariant("dee", 2) });
    expect(structured(fourth)).toMatchObject({ exitCode: 0, stdout: "hello dee 0\nhello dee 1\n", served: true, directTool: "greeter__greet" });
    expect(textOf(fourth)).toContain("call the tool `greeter__greet`");

    const viaTool = await call("greeter__greet", { name: "eve", times: 1 });
    expect(structured(viaTool)).toMatchObject({ exitCode: 0, stdout: "hello eve 0\n" });
    const defaults = await call("greeter__greet", {});
    expect(structured(defaults).stdout).toBe("hello world 0\nhello world 1\n");
  });

  it("runs a near match (same calls and control flow, other text) as given and says why it was not served", async () => {
    const changedFormat = greetVariant("zed", 1).replace("hello {who}", "hi {who}");
    const r = await call("run_code", { skill: "greeter", language: "python", code: changedFormat });
    expect(structured(r)).toMatchObject({ exitCode: 0, stdout: "hi zed 0\n", served: false, match: { kind: "near", template: "greet" } });
    expect(textOf(r)).toMatch(/not an exact match/);
  });

  it("does not blame a solidified template for the caller's missing file, but demotes it after repeated failed direct calls", async () => {
    const lines = (path: string) => `path = ${JSON.stringify(path)}\nwith open(path) as fh:\n    print(sum(1 for _ in fh))\n`;
    const present = join(root, "three-lines.txt");
    await writeFile(present, "a\nb\nc\n");
    for (let i = 0; i < 3; i++) expect(structured(await call("run_code", { skill: "greeter", language: "python", code: lines(present) })).stdout).toBe("3\n");
    await expect.poll(async () => (await conn.client.listTools()).tools.map((t) => t.name)).toContain("greeter__count-lines");
    // The served program fails, the code as given fails the same way: the caller's error, not the template's.
    for (let i = 0; i < 3; i++) {
      const r = await call("run_code", { skill: "greeter", language: "python", code: lines(join(root, "absent.txt")) });
      expect(structured(r)).toMatchObject({ served: false, exitCode: 1 });
      expect(textOf(r)).toContain("FileNotFoundError");
    }
    expect((await conn.client.listTools()).tools.map((t) => t.name)).toContain("greeter__count-lines");
    // Direct calls that keep failing demote it, and its tool goes away.
    for (let i = 0; i < 2; i++) expect((await call("greeter__count-lines", { path: join(root, "absent.txt") })).isError).toBe(true);
    await expect.poll(async () => (await conn.client.listTools()).tools.map((t) => t.name)).not.toContain("greeter__count-lines");
  });

  it("refuses bad parameters to a direct tool with the parameter named", async () => {
    const r = await call("greeter__greet", { times: "many" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/times/);
  });

  it("passes hostile parameter values as literal data to a solidified bash template", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await call("run_code", { skill: "greeter", language: "bash", code: `python3 ./scripts/echo_args.py "value ${i}" --tag t${i}` });
      expect(structured(r).match).toMatchObject({ kind: "exact", template: "echo-args", params: { arg: `value ${i}`, tag: `t${i}` } });
    }
    const marker = join(root, "pwned");
    const hostile = [`; rm -rf ${root}/skills`, `$(touch ${marker})`, "`touch " + marker + "`", "line1\nline2"];
    for (const value of hostile) {
      const r = await call("greeter__echo-args", { arg: value, tag: value });
      expect(JSON.parse(structured(r).stdout)).toEqual([value, "--tag", value]);
    }
    // An option's value may start with "-"; an operand may not (the script would take it for an option).
    expect(JSON.parse(structured(await call("greeter__echo-args", { arg: "x", tag: "--option" })).stdout)).toEqual(["x", "--tag", "--option"]);
    expect(textOf(await call("greeter__echo-args", { arg: "--option" }))).toMatch(/^PARAM_OPTION_LIKE: /);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(skills, "greeter", "SKILL.md"))).toBe(true);
  });

  it("keeps the solidified state across a server restart", async () => {
    await conn.close();
    conn = await connectStdio(args());
    const names = (await conn.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("greeter__greet");
    const r = await call("run_code", { skill: "greeter", language: "python", code: greetVariant("fay", 1) });
    expect(structured(r)).toMatchObject({ served: true, stdout: "hello fay 0\n" });
  });

  it("kills a timed-out program together with the sleeping grandchild it spawned", async () => {
    const pidFile = join(root, "grandchild.pid");
    const sleep = uniqueSleep();
    const code = `sleep ${sleep} &\necho $! > ${pidFile}\nwait\n`;
    const r = await call("run_code", { skill: "greeter", language: "bash", code, timeoutMs: 500 });
    expect(structured(r).timedOut).toBe(true);
    expect(existsSync(pidFile)).toBe(true); // the grandchild started
    await expect.poll(() => runningWith(sleep)).toEqual([]);
  });

  it("stops a running program when the client cancels the request", async () => {
    const pidFile = join(root, "cancel.pid");
    const controller = new AbortController();
    const sleep = uniqueSleep();
    const pending = conn.client.callTool({ name: "run_code", arguments: { skill: "greeter", language: "bash", code: `echo $$ > ${pidFile}\nsleep ${sleep}\n` } }, { signal: controller.signal });
    await expect.poll(() => existsSync(pidFile), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => runningWith(sleep).length, { timeout: 10_000 }).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => runningWith(sleep), { timeout: 10_000 }).toEqual([]);
  });

  it("caps a 100 MB output flood without the server's memory following it", async () => {
    const code = "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(100):\n    sys.stdout.write(chunk)\n";
    const r = await call("run_code", { skill: "greeter", language: "python", code });
    const s = structured(r);
    expect(s.stdout.length).toBeLessThanOrEqual(1024 * 1024 + 256);
    expect(textOf(r)).toMatch(/stdout \(truncated\)/);
    const status = await readFile(`/proc/${conn.pid}/status`, "utf8");
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    expect(peakKb).toBeLessThan(400 * 1024);
  });

  it("returns each of 50 concurrent runs its own result", async () => {
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call("run_code", { skill: "greeter", language: "bash", code: `echo run-$1`, args: [String(i)] })),
    );
    runs.forEach((r, i) => expect(structured(r).stdout).toBe(`run-${i}\n`));
  });

  it("names what is wrong with a bad request", async () => {
    const lang = await call("run_code", { skill: "greeter", language: "cobol", code: "x" });
    expect(textOf(lang)).toMatch(/LANGUAGE_UNSUPPORTED/);
    const skill = await call("run_code", { skill: "nope", language: "python", code: "print(1)" });
    expect(textOf(skill)).toMatch(/SKILL_NOT_FOUND/);
    const cwd = await call("run_code", { skill: "greeter", language: "python", code: "print(1)", cwd: "relative/dir" });
    expect(textOf(cwd)).toMatch(/CWD_NOT_ABSOLUTE/);
  });
});
