import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

interface WhereJson {
  discovered: boolean;
  compiled: string;
  roots: { path: string; scope?: string; exists: boolean; skills: { name: string; dir: string }[]; shadowed: { name: string; dir: string; by: string[] }[] }[];
}

/** Every file path under `dir`, to prove nothing was written into a skills root. */
const filesUnder = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).map(String).sort();

describe("skills where agents keep them: no --skills serves the standard places, nearest first", () => {
  let root: string;
  let home: string;
  let project: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-where-"));
    home = join(root, "home");
    project = join(root, "project");
    // Agent folders the user has: Claude Code's, a registry installed under ~/.agents, Gemini CLI's.
    await writeSkill(join(home, ".claude/skills"), "pdf", { "SKILL.md": skillMd("pdf", "The user's pdf skill", "# PDF\n\nUSER COPY\n") });
    await writeSkill(join(home, ".claude/skills"), "notes", { "SKILL.md": skillMd("notes", "Keeps notes") });
    await writeSkill(join(home, ".agents/skills"), "reg/alice/pdf", { "SKILL.md": skillMd("pdf", "Alice's pdf skill") });
    await writeSkill(join(home, ".gemini/skills"), "gem-tool", { "SKILL.md": skillMd("gem-tool", "A Gemini CLI skill") });
    // The project's own: Claude Code's folder and skills/.
    await writeSkill(join(project, ".claude/skills"), "pdf", { "SKILL.md": skillMd("pdf", "The project's pdf skill", "# PDF\n\nPROJECT COPY\n") });
    await writeSkill(join(project, "skills"), "Upper", { "SKILL.md": skillMd("My Upper_Skill", "A skill whose name breaks the spec") });
    await mkdir(join(root, "skvm-home"));
    env = { HOME: home, XDG_CONFIG_HOME: "", CLAUDE_CONFIG_DIR: "", CODEX_HOME: "", SKVM_HOME: join(root, "skvm-home") };
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("skvm where --json lists the places searched in order, what each holds, and what is shadowed by what", async () => {
    const run = await skvm(["where", "--json"], project, env);
    expect(run.code).toBe(0);
    const where = JSON.parse(run.stdout) as WhereJson;
    expect(where.discovered).toBe(true);
    const existing = where.roots.filter((r) => r.exists);
    expect(existing.map((r) => r.path)).toEqual([
      join(project, ".claude/skills"),
      join(project, "skills"),
      join(home, ".claude/skills"),
      join(home, ".agents/skills"),
      join(home, ".gemini/skills"),
    ]);
    expect(where.roots.slice(0, 3).map((r) => [r.path, r.scope])).toEqual([
      [join(project, ".claude/skills"), "project"],
      [join(project, ".agents/skills"), "project"],
      [join(project, "skills"), "project"],
    ]);
    expect(existing.map((r) => r.skills.map((s) => s.name).sort())).toEqual([["pdf"], ["my-upper-skill"], ["notes"], [], ["gem-tool"]]);
    const shadowed = existing.flatMap((r) => r.shadowed);
    expect(shadowed).toEqual(
      expect.arrayContaining([
        { name: "pdf", dir: join(home, ".claude/skills/pdf"), by: [join(project, ".claude/skills/pdf")] },
        { name: "pdf", dir: join(home, ".agents/skills/reg/alice/pdf"), by: [join(project, ".claude/skills/pdf")] },
      ]),
    );
    expect(shadowed).toHaveLength(2);
    // Artifacts go to the cache folder, never into a folder that was found rather than named.
    expect(where.compiled.startsWith(join(root, "skvm-home"))).toBe(true);
  });

  it("skvm where prints the same for people: ranks, absent places, who reads each, shadowing", async () => {
    const run = await skvm(["where"], project, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No --skills given: searched the standard places, nearest first");
    expect(run.stdout).toContain(`1. ${join(project, ".claude/skills")}  [project: Claude Code`);
    expect(run.stdout).toContain(`- ${join(project, ".agents/skills")} (absent)`);
    expect(run.stdout).toContain(`2. ${join(project, "skills")}`);
    expect(run.stdout).toContain("1 skill(s) served: my-upper-skill");
    expect(run.stdout).toContain(`shadowed: pdf (reg/alice/pdf) by ${join(project, ".claude/skills/pdf")}`);
    expect(run.stdout).toContain(`compiled artifacts: ${join(root, "skvm-home")}`);
  });

  describe("skvm serve with no flags", () => {
    let conn: Connected;
    let before: string[];

    beforeAll(async () => {
      before = [...(await filesUnder(home)), ...(await filesUnder(project))];
      conn = await connectStdio([], env, undefined, project);
    });
    afterAll(() => conn?.close());

    it("serves exactly the skills of every place, the nearest pdf, and the normalized name", async () => {
      const listing = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} })));
      expect(listing.skills.map((s: { name: string }) => s.name).sort()).toEqual(["gem-tool", "my-upper-skill", "notes", "pdf"]);
      expect(listing.problems).toEqual([]);
      const pdf = textOf(await conn.client.callTool({ name: "load_skill", arguments: { name: "pdf" } }));
      expect(pdf).toContain("PROJECT COPY");
      expect(pdf).not.toContain("USER COPY");
    });

    it("writes nothing into any skills root", async () => {
      expect([...(await filesUnder(home)), ...(await filesUnder(project))]).toEqual(before);
    });
  });

  it("takes --skills several times, nearest first: the order decides which copy shadows the other", async () => {
    const a = join(home, ".claude/skills");
    const b = join(project, ".claude/skills");
    const run = await skvm(["where", "--skills", a, "--skills", b, "--json"], root, env);
    const where = JSON.parse(run.stdout) as WhereJson;
    expect(where.discovered).toBe(false);
    expect(where.roots.map((r) => [r.path, r.skills.map((s) => s.name).sort(), r.shadowed.map((s) => s.dir)])).toEqual([
      [a, ["notes", "pdf"], []],
      [b, [], [join(b, "pdf")]],
    ]);
    const compiled = await skvm(["compile", "--skills", b, "--skills", a, "--json"], root, env);
    const report = JSON.parse(compiled.stdout) as { roots: string[]; summary: { shadowed: number }; results: { source: string; status: string }[] };
    expect(report.roots).toEqual([b, a]);
    expect(report.summary.shadowed).toBe(1);
    expect(report.results.find((r) => r.status === "shadowed")?.source).toBe(join(a, "pdf").replace(`${root}/`, ""));
  });

  it("refuses a named --skills folder that is not there, naming it", async () => {
    const run = await skvm(["where", "--skills", join(root, "nope")], root, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`SKILLS_ROOT_NOT_FOUND: ${join(root, "nope")} is not a folder`);
  });
});
