import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/server.js";

describe("skvm serve with a skills folder that is not there", () => {
  it("exits 2 with a clear error instead of serving nothing", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--skills", "/nonexistent-skvm-skills"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(2);
    expect(stderr).toContain("SKILLS_ROOT_NOT_FOUND: /nonexistent-skvm-skills is not a folder");
    expect(stdout).toBe("");
  });
});

describe("skvm serve started in a terminal", () => {
  it("says on stderr what it serves and how to connect, instead of looking dead", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "skvm-tty-"));
    try {
      // util-linux `script` gives the server a pseudo-terminal as stdin, as a person's shell would.
      const command = `${process.execPath} ${CLI} serve --skills ${resolve("skills")} --compiled ${join(tmp, "compiled")}`;
      const child = spawn("script", ["-qec", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      await expect.poll(() => out, { timeout: 20_000 }).toContain("Press Ctrl-C to stop.");
      child.kill("SIGTERM");
      expect(out).toContain("skvm-mcp is serving 5 skill(s) over stdio: csv-report, git-changelog");
      expect(out).toContain("claude mcp add skvm --");
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
