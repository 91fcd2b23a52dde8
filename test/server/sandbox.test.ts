import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { CLI, connectStdio } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const SECRET = `FAKE_SECRET_${process.pid}_${Date.now()}`;
const TOKEN = `token-${process.pid}-${Date.now()}`;
type Structured = { stdout: string; exitCode: number | null; sandbox?: { isolation: string; userNamespace: boolean } };

let root: string;
let skills: string;
const serveArgs = () => ["--skills", skills, "--compiled", join(root, "compiled")];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "skvm-sandbox-server-"));
  skills = join(root, "skills");
  await writeSkill(skills, "probe", { "SKILL.md": skillMd("probe", "Looks around from inside a run") });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a skill process sees nothing of the server", () => {
  it("run_code cannot read the server's environment (a secret and SKVM_TOKEN) through /proc, and the result says which sandbox ran", async () => {
    const conn = await connectStdio(serveArgs(), { FAKE_SECRET: SECRET, SKVM_TOKEN: TOKEN });
    try {
      const code = ['tr "\\0" "\\n" < /proc/$PPID/environ', 'cat /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n"', `tr "\\0" "\\n" < /proc/${conn.pid}/environ 2>&1`, "env"].join("\n");
      const r = await conn.client.callTool({ name: "run_code", arguments: { skill: "probe", language: "bash", code } });
      const s = r.structuredContent as Structured;
      expect(s.exitCode).toBe(0);
      expect(s.stdout).toContain("PATH="); // the reads ran and printed the allowlisted environment
      expect(s.stdout).not.toContain(SECRET);
      expect(s.stdout).not.toContain(TOKEN);
      expect(s.sandbox).toMatchObject({ isolation: "pid-namespace", userNamespace: true });
    } finally {
      await conn.close();
    }
  }, 60_000);
});

/** A run_code call that records its run folder, then sleeps with a marker until something ends it. */
const sleeperCode = (sleep: string, dirFile: string) => `echo "$SKVM_RUN_DIR" > ${dirFile}\nsetsid sleep ${sleep} &\nsleep ${sleep}\n`;

async function waitForRun(sleep: string, dirFile: string): Promise<string> {
  await expect.poll(() => existsSync(dirFile), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => runningWith(sleep).length, { timeout: 20_000 }).toBe(2);
  const runDir = (await readFile(dirFile, "utf8")).trim();
  expect(existsSync(runDir)).toBe(true);
  return runDir;
}

describe("stopping the server ends every run in flight", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} to a stdio server kills its runs (setsid ones too) and removes their /tmp/skvm-run-* folders`, async () => {
      const conn = await connectStdio(serveArgs());
      const sleep = uniqueSleep();
      const dirFile = join(root, `run-dir-${signal}`);
      const call = conn.client.callTool({ name: "run_code", arguments: { skill: "probe", language: "bash", code: sleeperCode(sleep, dirFile) } });
      call.catch(() => undefined);
      const runDir = await waitForRun(sleep, dirFile);
      process.kill(conn.pid!, signal);
      await expect.poll(() => runningWith(sleep), { timeout: 20_000 }).toEqual([]);
      // The folder goes after its processes: the server removes it once the kill has been reaped.
      await expect.poll(() => existsSync(runDir), { timeout: 20_000 }).toBe(false);
      await conn.close();
    }, 90_000);
  }

  it("SIGTERM to an HTTP server kills its runs and removes their folders", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--http", "--port", "0", ...serveArgs()], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SKVM_LOG_LEVEL: "warn" } });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await expect.poll(() => /over HTTP: (http:\/\/[^/\s]+)\/mcp/.test(stderr), { timeout: 30_000 }).toBe(true);
    const url = /over HTTP: (http:\/\/[^/\s]+)\/mcp/.exec(stderr)![1]!;
    const client = new Client({ name: "skvm-test", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
    const sleep = uniqueSleep();
    const dirFile = join(root, "run-dir-http");
    const call = client.callTool({ name: "run_code", arguments: { skill: "probe", language: "bash", code: sleeperCode(sleep, dirFile) } });
    call.catch(() => undefined);
    const runDir = await waitForRun(sleep, dirFile);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect.poll(() => runningWith(sleep), { timeout: 20_000 }).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
    await client.close().catch(() => undefined);
  }, 90_000);
});
