import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const BODY = "# Run\n\nGive scripts/show.py the table data/t.csv.\n\n```bash\nbash scripts/run.sh\n```\n";
const patch = (id: string, fields: Record<string, unknown>) => ({
  id,
  createdAt: "2026-11-30T12:00:00.000Z",
  status: "applied",
  evidence: { class: "command-not-found", failures: ["f-1"], excerpt: "scripts/run.sh: line 2: skvm-cli-tool: command not found" },
  summary: "a fix",
  ...fields,
});

/** Patches are kept beside the artifact, survive recompiles, go moot when the source catches up, and can be reverted. */
describe("skvm patches: list, recompile, moot, revert", () => {
  let root: string;
  let skills: string;
  let compiled: string;
  const cli = (...args: string[]) => skvm([...args, "--skills", skills, "--compiled", compiled], root);
  const manifest = async () => JSON.parse(await readFile(join(compiled, "tool-user", "manifest.json"), "utf8"));
  const listed = async () => JSON.parse((await cli("patches", "tool-user", "--json")).stdout).patches as { id: string; status: string; mootReason?: string }[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-patches-"));
    skills = join(root, "skills");
    compiled = join(root, "compiled");
    await writeSkill(skills, "tool-user", {
      "SKILL.md": skillMd("tool-user", "Runs a tool named in a variable", BODY),
      "scripts/run.sh": "#!/bin/bash\ncmd=skvm-cli-tool\n$cmd\n",
      "scripts/show.py": "import sys\nprint(open(sys.argv[1]).read())\n",
      "data/t.csv": "a,b\n",
    });
    expect((await cli("compile")).code).toBe(0);
    const patches = [
      patch("p-req", { kind: "require", requirement: { kind: "bins", name: "skvm-cli-tool" }, summary: "executable skvm-cli-tool added to the skill's environment" }),
      patch("p-path", { kind: "absolute-path", path: "data/t.csv", summary: "SKILL.md mentions of data/t.csv point at the skill's own folder" }),
    ];
    await writeFile(join(compiled, "tool-user", "patches.json"), JSON.stringify({ version: 1, patches }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("a recompile applies the patches after the passes and keeps patches.json", async () => {
    expect((await cli("compile", "--force")).code).toBe(0);
    const m = await manifest();
    expect(m.patches).toEqual(["p-req", "p-path"]);
    expect(m.env.requires.bins).toContainEqual(expect.objectContaining({ name: "skvm-cli-tool", origins: ["patch p-req"] }));
    expect(await readFile(join(compiled, "tool-user", "env", "verify.sh"), "utf8")).toContain("skvm-cli-tool");
    expect(await readFile(join(compiled, "tool-user", "SKILL.md"), "utf8")).toContain("${SKVM_SKILL_DIR}/data/t.csv.");
    const human = await cli("patches");
    expect(human.stdout).toMatch(/tool-user\s+p-req\s+require\s+applied\s+executable skvm-cli-tool/);
  });

  it("a patch the source makes moot is dropped from the artifact and listed as moot", async () => {
    const declared = skillMd("tool-user", "Runs a tool named in a variable", BODY).replace("---\n#", "---\n#").replace(
      "description: Runs a tool named in a variable\n",
      'description: Runs a tool named in a variable\nmetadata: {"openclaw": {"requires": {"bins": ["skvm-cli-tool"]}}}\n',
    );
    await writeFile(join(skills, "tool-user", "SKILL.md"), declared);
    expect((await cli("compile")).code).toBe(0);
    const m = await manifest();
    expect(m.patches).toEqual(["p-path"]);
    expect(m.env.requires.bins.filter((b: { name: string }) => b.name === "skvm-cli-tool")).toHaveLength(1);
    expect(await listed()).toMatchObject([{ id: "p-req", status: "moot", mootReason: "the source now declares bins skvm-cli-tool" }, { id: "p-path", status: "applied" }]);
  });

  it("revert drops a patch and recompiles the skill from its source; an unknown id is refused", async () => {
    const bad = await cli("patches", "revert", "tool-user", "p-nope");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("PATCH_NOT_FOUND: tool-user has no patch p-nope");
    const done = await cli("patches", "revert", "tool-user", "p-path", "--json");
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ skill: "tool-user", reverted: ["p-path"], recompiled: true });
    expect(await readFile(join(compiled, "tool-user", "SKILL.md"), "utf8")).not.toContain("${SKVM_SKILL_DIR}/data/t.csv");
    expect((await manifest()).patches).toBeUndefined();
    expect((await listed()).map((p) => p.id)).toEqual(["p-req"]);
  });
});
