import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("running a skill's Python leaves its folder as it was", () => {
  let root: string;
  let conn: Connected;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-pycache-"));
    await writeSkill(join(root, "skills"), "two-modules", {
      "SKILL.md": skillMd("two-modules", "A script that imports a bundled module", "# Run\n\n```bash\npython3 scripts/main.py\n```\n"),
      "scripts/main.py": "import helper\nprint(helper.greet())\n",
      "scripts/helper.py": "def greet():\n    return 'hello from helper'\n",
    });
    conn = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") });
  });
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("writes no __pycache__ beside the imported module", async () => {
    const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "two-modules", script: "scripts/main.py" } });
    expect(textOf(run)).toContain("hello from helper");
    expect(existsSync(join(root, "skills", "two-modules", "scripts", "__pycache__"))).toBe(false);
  });
});
