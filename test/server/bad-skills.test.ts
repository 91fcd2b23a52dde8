import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

/** Each broken skill and the error code it must be reported with. */
const BROKEN: Record<string, [Record<string, string | Uint8Array>, string]> = {
  "bad-yaml": [{ "SKILL.md": '---\nname: bad-yaml\ndescription: "unclosed\n---\nbody\n' }, "FRONTMATTER_INVALID_YAML"],
  "no-description": [{ "SKILL.md": "---\nname: no-description\n---\n```\ncode only\n```\n" }, "SKILL_DESCRIPTION_MISSING"],
  huge: [{ "SKILL.md": skillMd("huge", "too big", "x".repeat(2 * 1024 * 1024)) }, "SKILL_TOO_LARGE"],
  "alias-bomb": [
    {
      "SKILL.md":
        "---\nname: alias-bomb\ndescription: boom\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\nbody\n",
    },
    "FRONTMATTER_ALIAS_BOMB",
  ],
  "binary-skill": [{ "SKILL.md": new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0xfe, 0x00, 0x01]) }, "SKILL_BINARY"],
};

describe("a skills folder with broken skills", () => {
  let root: string;
  let conn: Connected;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-bad-"));
    const skills = join(root, "skills");
    for (const [folder, [files]] of Object.entries(BROKEN)) await writeSkill(skills, folder, files);
    await writeSkill(skills, "good", {
      "SKILL.md": skillMd("good", "A good skill: still served when others are broken", "# Run\n\n```bash\npython3 scripts/hello.py\n```\n"),
      "scripts/hello.py": "print('hello')\n",
      "assets/pixel.bin": new Uint8Array([0, 1, 2, 255]),
    });
    await symlink("/etc/passwd", join(skills, "good", "assets", "passwd"));
    await writeSkill(skills, "folder-name", { "SKILL.md": skillMd("other-name", "Name differs from its folder") });
    // What hosts load despite the spec: served under a name the spec allows, with a warning.
    await writeSkill(skills, "no-name", { "SKILL.md": "---\ndescription: nameless\n---\nbody\n" });
    await writeSkill(skills, "bad-name", { "SKILL.md": skillMd("Bad Name!", "invalid characters") });
    conn = await connectStdio(["--skills", skills, "--compiled", join(root, "compiled")]);
  });
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("reports every broken skill with its specific error code", async () => {
    const listing = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} })));
    const problems = new Map<string, string>(listing.problems.map((p: { name: string; error: string }) => [p.name, p.error]));
    for (const [folder, [, code]] of Object.entries(BROKEN)) {
      const error = problems.get(folder) ?? "";
      expect(error, folder).toContain(code);
      expect(error, folder).toMatch(new RegExp(`skills/${folder}/SKILL\\.md`));
    }
  });

  it("still serves the good skills, one whose name differs from its folder, and the ones hosts would load leniently", async () => {
    const { prompts } = await conn.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["bad-name", "good", "no-name", "other-name"]);
    const run = await conn.client.callTool({ name: "run_script", arguments: { skill: "good", script: "scripts/hello.py" } });
    expect(textOf(run)).toContain("hello");
  });

  it("serves a binary bundled file as a blob and never follows a symlink out of the skill", async () => {
    const read = await conn.client.readResource({ uri: "skill://good/assets/pixel.bin" });
    expect((read.contents[0] as { blob: string }).blob).toBe(Buffer.from([0, 1, 2, 255]).toString("base64"));
    const { resources } = await conn.client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain("skill://good/assets/passwd");
    const viaTool = await conn.client.callTool({ name: "read_skill_file", arguments: { skill: "good", path: "assets/passwd" } });
    expect(viaTool.isError).toBe(true);
    expect(textOf(viaTool)).toContain("PATH_SYMLINK_ESCAPE");
    await expect(conn.client.readResource({ uri: "skill://good/assets/passwd" })).rejects.toThrow(/PATH_SYMLINK_ESCAPE/);
  });

  it("kept stdout clean throughout", () => {
    expect(conn.transportErrors).toEqual([]);
  });
});
