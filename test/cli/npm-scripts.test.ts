import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "pipe", version: "0" } } };

describe("npm scripts of a clone", () => {
  it("`npm start` piped into a client writes JSON-RPC only on stdout (no npm banner), without rebuilding", async () => {
    const child = spawn("npm", ["start"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, SKVM_LOG_LEVEL: "warn" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.stdin.write(`${JSON.stringify(INIT)}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n`);
    await expect.poll(() => out.includes('"id":2'), { timeout: 60_000 }).toBe(true);
    child.stdin.end();
    await new Promise((r) => child.once("exit", r));
    const lines = out.split("\n").filter((l) => l.length > 0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(expect.arrayContaining([1, 2]));
    // dist/ is fresh (the test run built it): starting must not run tsc again.
    expect(err).not.toContain("building dist/");
  }, 90_000);

  it("the build step does nothing when dist/ is newer than every source", async () => {
    const { stdout, stderr } = await exec(process.execPath, ["scripts/build.mjs", "--if-stale"]);
    expect(stdout).toBe("");
    expect(stderr).toBe("");
  });

  it("the Node 22 devDependency never shadows the user's node in npm scripts", async () => {
    expect(existsSync("node_modules/.bin/node")).toBe(false);
    const { stdout } = await exec("npm", ["exec", "--offline", "--", "node", "-p", "process.version"]);
    expect(stdout.trim()).toBe(process.version);
  });
});
