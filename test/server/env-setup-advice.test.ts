import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Progress } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

/**
 * pip pointed at an index nobody listens on (and no pip.conf of the machine's): the install fails
 * for want of a network, which pip itself only reports as "No matching distribution found".
 */
const offlinePip = (root: string) => ({
  SKVM_HOME: join(root, "home"),
  PIP_CONFIG_FILE: "/dev/null",
  PIP_INDEX_URL: "http://127.0.0.1:9/simple",
  PIP_RETRIES: "1",
  PIP_TIMEOUT: "2",
});

describe("a failed env_setup says why and what can work next", () => {
  let root: string;
  let conn: Connected;
  const dirs = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-advice-"));
    await writeSkill(join(root, "skills"), "needs-pkg", {
      "SKILL.md": skillMd("needs-pkg", "Needs a Python package from the index", "# Run\n\n```bash\npython3 scripts/use.py\n```\n"),
      "scripts/use.py": "import skvm_absent_pkg\nprint(skvm_absent_pkg.__name__)\n",
    });
    conn = await connectStdio(dirs(), offlinePip(root));
  });
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("names the network as the cause, never sends the user back to env_setup, and counts progress against a total", async () => {
    const progress: Progress[] = [];
    const result = await conn.client.callTool({ name: "env_setup", arguments: { skill: "needs-pkg" } }, {
      timeout: 180_000,
      onprogress: (p) => void progress.push(p),
    });
    const text = textOf(result);
    expect(result.isError).toBe(true);
    expect(text).toContain("ENV_SETUP_FAILED");
    expect(text).toMatch(/cause \(network\): .*Connection refused/);
    expect(text).toMatch(/next: the package index could not be reached/);
    expect(text).not.toMatch(/env_setup/);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p.total).toBeGreaterThanOrEqual(1);
      expect(p.message).toMatch(/^\[\d+\/\d+\] /);
    }
    expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
  }, 200_000);

  it("the CLI blames the same cause, not pip's last line", async () => {
    const run = await skvm(["env", "install", "needs-pkg", ...dirs()], root, offlinePip(root));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/cause \(network\): .*Connection refused/);
    expect(run.stderr).toMatch(/\[\d+\/\d+\] /);
  }, 200_000);
});
