import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/server.js";

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
