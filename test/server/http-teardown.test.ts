import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

describe("closing an HTTP session", () => {
  it("stops the work it was running: the script's process group is killed", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-teardown-"));
    const pidFile = join(root, "pid");
    // The script runs in its own PID namespace: its $! means nothing here, so the sleep is found by argv.
    const sleep = uniqueSleep();
    await writeSkill(join(root, "skills"), "sleeper", {
      "SKILL.md": skillMd("sleeper", "Sleeps for a long time", "# Run\n\n```bash\nbash scripts/sleep.sh\n```\n"),
      "scripts/sleep.sh": `#!/bin/bash\nsleep ${sleep} &\necho $! > "$1"\nwait\n`,
    });
    const server = await startHttp(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")]);
    try {
      const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
      const client = new Client({ name: "teardown", version: "0" });
      await client.connect(transport);
      const call = client.callTool({ name: "run_script", arguments: { skill: "sleeper", script: "scripts/sleep.sh", args: [pidFile] } }).catch((e: Error) => e);
      await expect.poll(() => existsSync(pidFile), { timeout: 20_000 }).toBe(true);
      // `$!` is written once the shell has forked, which can be before the child has become `sleep`.
      await expect.poll(() => runningWith(sleep), { timeout: 10_000 }).toHaveLength(1);
      await transport.terminateSession();
      await client.close();
      await expect.poll(() => runningWith(sleep), { timeout: 15_000 }).toEqual([]);
      await call;
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
