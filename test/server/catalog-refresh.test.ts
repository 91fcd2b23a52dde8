import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("a restart after skills changed on disk", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-refresh-"));
    await writeSkill(join(root, "skills"), "alpha", { "SKILL.md": skillMd("alpha", "Alpha, first version", "# Alpha v1\n") });
    await writeSkill(join(root, "skills"), "beta", { "SKILL.md": skillMd("beta", "Beta skill") });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const home = () => ({ SKVM_HOME: join(root, "home") });

  it("never serves stale content, and tells the client when its lists changed", async () => {
    const first = await connectStdio(args(), home());
    expect((await first.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["alpha", "beta"]);
    await first.close();

    await writeFile(join(root, "skills/alpha/SKILL.md"), skillMd("alpha", "Alpha, second version", "# Alpha v2\n"));
    await writeSkill(join(root, "skills"), "gamma", { "SKILL.md": skillMd("gamma", "Gamma, new") });
    await rm(join(root, "skills/beta"), { recursive: true });

    const second = await connectStdio(args(), home());
    let listChanged = 0;
    second.client.setNotificationHandler('notifications/tools/list_changed', () => void listChanged++);
    // Content requests wait for the sources to be verified: this is the new text.
    const loaded = await second.client.callTool({ name: "load_skill", arguments: { name: "alpha" } });
    expect(textOf(loaded)).toContain("# Alpha v2");
    const { prompts } = await second.client.listPrompts();
    expect(prompts.map((p) => [p.name, p.description])).toEqual([
      ["alpha", "Alpha, second version"],
      ["gamma", "Gamma, new"],
    ]);
    const tools = (await second.client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain("gamma");
    expect(tools).not.toContain("beta");
    await expect.poll(() => listChanged).toBeGreaterThan(0);
    await second.close();
  });
});
