import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/** Running (a zombie waiting for a reaper counts as gone: it no longer runs). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/\) Z /.test(stat);
};

describe("closing an HTTP session", () => {
  it("stops the work it was running: the script's process group is killed", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-teardown-"));
    const pidFile = join(root, "pid");
    await writeSkill(join(root, "skills"), "sleeper", {
      "SKILL.md": skillMd("sleeper", "Sleeps for a long time", "# Run\n\n```bash\nbash scripts/sleep.sh\n```\n"),
      "scripts/sleep.sh": `#!/bin/bash\nsleep 120 &\necho $! > "$1"\nwait\n`,
    });
    const server = await startHttp(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")]);
    try {
      const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
      const client = new Client({ name: "teardown", version: "0" });
      await client.connect(transport);
      const call = client.callTool({ name: "run_script", arguments: { skill: "sleeper", script: "scripts/sleep.sh", args: [pidFile] } }).catch((e: Error) => e);
      await expect.poll(() => existsSync(pidFile), { timeout: 20_000 }).toBe(true);
      const sleeper = Number((await readFile(pidFile, "utf8")).trim());
      expect(alive(sleeper)).toBe(true);
      await transport.terminateSession();
      await client.close();
      await expect.poll(() => alive(sleeper), { timeout: 15_000 }).toBe(false);
      await call;
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
