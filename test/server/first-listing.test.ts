import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/** A client that counts tools/list_changed from the very first message (the handler is set before connecting). */
async function countingClient(args: string[], env: Record<string, string>): Promise<{ conn: Connected; changes: () => number }> {
  let changes = 0;
  const client = new Client({ name: "skvm-test", version: "0" });
  client.setNotificationHandler('notifications/tools/list_changed', () => void changes++);
  return { conn: await connectStdio(args, env, client), changes: () => changes };
}

const toolNames = async (conn: Connected) => (await conn.client.listTools()).tools.map((t) => t.name);
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe("the first tools/list is already true about readiness", () => {
  let root: string;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const env = () => ({ SKVM_HOME: join(root, "home") });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-first-list-"));
    const skills = join(root, "skills");
    // Needs an executable nobody has: never ready.
    await writeSkill(skills, "needs-tool", {
      "SKILL.md": skillMd("needs-tool", "Runs a tool that is not installed", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\nskvm-absent-tool --version\n",
    });
    // Needs python3, which is there: ready once checked.
    await writeSkill(skills, "has-python", {
      "SKILL.md": skillMd("has-python", "Runs a Python script", "# Run\n\n```bash\npython3 scripts/hello.py\n```\n"),
      "scripts/hello.py": "print('hello')\n",
    });
    // Nothing to check: ready without a check.
    await writeSkill(skills, "plain", { "SKILL.md": skillMd("plain", "Instructions only") });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("on a first start, offers no skill whose environment is unknown or missing, then one list_changed when the check is done", async () => {
    const { conn, changes } = await countingClient(args(), env());
    try {
      const first = await toolNames(conn);
      expect(first).toContain("plain");
      expect(first).not.toContain("needs-tool");
      expect(first).not.toContain("has-python");
      await expect.poll(() => toolNames(conn), { timeout: 30_000 }).toContain("has-python");
      await settle();
      expect(await toolNames(conn)).not.toContain("needs-tool");
      expect(changes()).toBe(1);
    } finally {
      await conn.close();
    }
  });

  it("after a restart, the first answer comes from the verdicts on record, and nothing changes after", async () => {
    const { conn, changes } = await countingClient(args(), env());
    try {
      const first = await toolNames(conn);
      expect(first).toEqual(expect.arrayContaining(["plain", "has-python"]));
      expect(first).not.toContain("needs-tool");
      // list_skills waits for the sources and every verdict; then give any late notification time to arrive.
      await conn.client.callTool({ name: "list_skills", arguments: {} });
      await settle();
      expect(changes()).toBe(0);
    } finally {
      await conn.close();
    }
  });
});
