// `skvm compile --profile` writes a variant per profile that has gaps (none for one that has
// none), portable and fresh-checked; `skvm explain` shows requirements, levels, gaps and edits.
import { readFile, mkdtemp, rm, readdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { OPUS, QWEN, writeSalesReport } from "../helpers/pass1-skill.js";

describe("skvm compile --profile and skvm explain", () => {
  let root: string;
  let env: Record<string, string>;
  const variant = (slug: string, file: string) => join(root, "compiled", "sales-report", "variants", slug, file);
  const compile = (...args: string[]) => skvm(["compile", "skills", "--out", "compiled", ...args], root, env);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-compile-profile-"));
    env = { SKVM_HOME: join(root, "home") };
    await writeSalesReport(join(root, "skills"));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it("writes the qwen3.5-9b variant with its edits and manifest fragment, and none for claude-opus-4.6", async () => {
    const run = await compile("--profile", `${QWEN},${OPUS}`, "--json");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout).results[0];
    expect(result.variants).toEqual([
      expect.objectContaining({ profile: QWEN, status: "written" }),
      { profile: OPUS, status: "none", edits: 0, gaps: 0 },
    ]);
    expect(await readdir(join(root, "compiled", "sales-report", "variants"))).toEqual(["bare-agent--qwen--qwen3.5-9b"]);
    const fragment = JSON.parse(await readFile(variant("bare-agent--qwen--qwen3.5-9b", "manifest.json"), "utf8"));
    expect(fragment.capabilities).toMatchObject({ profile: QWEN, required: { "tool.exec": 1, "gen.text.long": 2 } });
    const record = JSON.parse(await readFile(variant("bare-agent--qwen--qwen3.5-9b", "edits.json"), "utf8"));
    expect(record.guard).toMatchObject({ ok: true, violations: [] });
    expect(record.gaps.map((g: { id: string; kind: string; status: string }) => [g.id, g.kind, g.status])).toEqual([
      ["tool.exec", "missing", "lowered"],
      ["gen.text.long", "weak", "lowered"],
    ]);
    for (const edit of record.edits) expect(edit.evidence.length).toBeGreaterThan(0);
    expect(result.variants[0].edits).toBe(record.edits.length);
  });

  it("keeps the variant portable: no absolute path of this machine, code blocks as in the base", async () => {
    const text = await readFile(variant("bare-agent--qwen--qwen3.5-9b", "SKILL.md"), "utf8");
    const base = await readFile(join(root, "compiled", "sales-report", "SKILL.md"), "utf8");
    for (const file of ["SKILL.md", "edits.json", "manifest.json"]) expect(await readFile(variant("bare-agent--qwen--qwen3.5-9b", file), "utf8")).not.toContain(root);
    expect(text).toContain("${SKVM_SKILL_DIR}/references/output.md");
    expect(text).toContain("```bash\npython ${SKVM_SKILL_DIR}/scripts/analyze.py data.csv\n```");
    expect(base).toContain("```bash\npython ${SKVM_SKILL_DIR}/scripts/analyze.py data.csv\n```");
  });

  it("finds the variant fresh next time, and rebuilds it when the profile's levels change", async () => {
    const again = JSON.parse((await compile("--profile", QWEN, "--json")).stdout).results[0];
    expect(again.variants[0]).toMatchObject({ profile: QWEN, status: "fresh" });
    // The same model measured again with gen.text.long now at L2: a new profile content, a new variant.
    const bundled = JSON.parse(await readFile(join("profiles", "skvm-data", "bare-agent--qwen--qwen3.5-9b.json"), "utf8"));
    const changed = { ...bundled, capabilities: { ...bundled.capabilities, "gen.text.long": "L2" } };
    await writeFile(join(root, "changed.json"), JSON.stringify(changed));
    const rebuilt = JSON.parse((await compile("--profile", join(root, "changed.json"), "--json")).stdout).results[0];
    expect(rebuilt.variants[0]).toMatchObject({ profile: QWEN, status: "written" });
    const record = JSON.parse(await readFile(variant("bare-agent--qwen--qwen3.5-9b", "edits.json"), "utf8"));
    expect(record.gaps.map((g: { id: string }) => g.id)).toEqual(["tool.exec"]);
    await compile("--profile", QWEN);
  });

  it("refuses an unknown profile id with the reason and a hint", async () => {
    const run = await compile("--profile", "nowhere/ghost");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PROFILE_NOT_FOUND: no profile "nowhere/ghost"');
    expect(run.stderr).toContain("hint:");
  });

  it("explains the requirements with evidence, the profile's levels, the gaps and each transform, with a diff", async () => {
    const run = await skvm(["explain", "sales-report", "--profile", QWEN, "--skills", "skills", "--compiled", "compiled", "--diff"], root, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`skill sales-report for profile ${QWEN}`);
    expect(run.stdout).toMatch(/tool\.exec\s+L1\s+L0\s+missing\s+absolute-paths: lowered/);
    expect(run.stdout).toMatch(/gen\.text\.long\s+L2\s+L1\s+weak\s+sectioned-output: lowered/);
    expect(run.stdout).toMatch(/SKILL\.md:15\s+Then write a comprehensive report/);
    expect(run.stdout).toContain("guard: passed");
    expect(run.stdout).toContain("-The script's output format is described in references/output.md.");
    expect(run.stdout).toContain("+The script's output format is described in ${SKVM_SKILL_DIR}/references/output.md.");
    expect(run.stdout).toContain("+> **skvm (gen.text.long):**");
  });

  it("explains as JSON, and says when the base serves the profile", async () => {
    const qwen = JSON.parse((await skvm(["explain", "sales-report", "--profile", QWEN, "--skills", "skills", "--compiled", "compiled", "--json"], root, env)).stdout);
    expect(qwen).toMatchObject({ skill: "sales-report", variant: "compiled", profile: { id: QWEN, levels: { "tool.exec": "L0" } }, guard: { ok: true } });
    expect(qwen.requirements.find((r: { id: string }) => r.id === "tool.exec").evidence[0]).toMatchObject({ file: "SKILL.md", line: 10 });
    const opus = await skvm(["explain", "sales-report", "--profile", OPUS, "--skills", "skills", "--compiled", "compiled", "--diff"], root, env);
    expect(opus.stdout).toContain("variant: none, the base artifact serves this profile");
    expect(opus.stdout).toContain("(no difference: the base serves this profile)");
    expect(existsSync(variant("bare-agent--anthropic--claude-opus-4.6", "SKILL.md"))).toBe(false);
  });
});
