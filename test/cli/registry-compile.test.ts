import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

interface CompileJson {
  out: string;
  summary: { total: number; compiled: number; fresh: number; failed: number; shadowed: number; servedPercent: number; refusals: Record<string, number> };
  results: { name: string; source: string; status: string; diagnostics: { code: string; severity: string; message: string }[] }[];
}

/**
 * A registry dump laid out as public ones are (`owner/skill/SKILL.md`), with what real hosts
 * load despite the spec, and what nobody can serve safely.
 */
async function writeRegistry(reg: string): Promise<void> {
  await writeSkill(reg, "alice/pdf", { "SKILL.md": skillMd("pdf", "Alice's PDF tools") });
  await writeSkill(reg, "bob/pdf", { "SKILL.md": skillMd("pdf", "Bob's PDF tools") });
  await writeSkill(reg, "carol/text-stats", { "SKILL.md": skillMd("text-stats", "Counts words") });
  await writeSkill(reg, "carol/impostor", { "SKILL.md": skillMd("text-stats", "Declares another skill's name") });
  await writeSkill(reg, "dave/Upper_Case", { "SKILL.md": skillMd("Upper Case Tool", "A name with capitals and spaces") });
  await writeSkill(reg, "erin/weather", { "SKILL.md": "# Weather Report\n\nFetches the *weather* for a city.\n\n## Steps\n\nCall the API.\n" });
  await writeSkill(reg, "frank/unclosed", { "SKILL.md": "---\nname: unclosed\ndescription: Frontmatter never closed\n\n# Unclosed\n\nBody.\n" });
  await writeSkill(reg, "gina/hinted", { "SKILL.md": "---\nname: hinted\ndescription: Takes arguments\nargument-hint: [date] [reason]\n---\n# Use\n" });
  // Lines that once crashed the compiler: a digit before `(`, and a placeholder read as redirects.
  await writeSkill(reg, "hank/placeholders", {
    "SKILL.md": skillMd("placeholders", "Steps with shell-like placeholders", "1. Run:\n\n   ```bash\n   bash scripts/run.sh 5(\n   ```\n2. Fetch:\n\n   ```bash\n   bash scripts/run.sh https://x.org/abs/<paper-id> --mode text\n   ```\n"),
    "scripts/run.sh": "#!/bin/bash\necho ok\n",
  });
  await writeSkill(reg, "ivan/binary", { "SKILL.md": Buffer.concat([Buffer.from("---\nname: binary\n"), Buffer.from([0, 0xff, 0xfe])]) });
  await writeSkill(reg, "jane/huge", { "SKILL.md": skillMd("huge", "Too big to be a skill", "x".repeat(1024 * 1024 + 10)) });
}

describe("skvm compile of a registry dump: lenient where hosts are, refusals by code", () => {
  let root: string;
  let reg: string;
  let env: Record<string, string>;
  let first: CompileJson;
  let human: string;
  const result = (source: string) => {
    const found = first.results.find((r) => r.source.endsWith(source));
    if (!found) throw new Error(`no result for ${source}`);
    return found;
  };
  const codes = (source: string) => result(source).diagnostics.map((d) => `${d.severity}:${d.code}`);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-registry-"));
    reg = join(root, "registry");
    await writeRegistry(reg);
    env = { SKVM_HOME: join(root, "home") };
    const run = await skvm(["compile", reg, "--out", join(root, "compiled"), "--json"], root, env);
    expect(run.code).toBe(1);
    first = JSON.parse(run.stdout) as CompileJson;
    human = (await skvm(["compile", reg, "--out", join(root, "compiled")], root, env)).stdout;
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("serves the same name in two owners' folders under both owners' names, refusing neither", () => {
    expect(result("alice/pdf")).toMatchObject({ name: "alice--pdf", status: "compiled" });
    expect(result("bob/pdf")).toMatchObject({ name: "bob--pdf", status: "compiled" });
    expect(result("alice/pdf").diagnostics.find((d) => d.code === "DUPLICATE_SKILL_NAME")?.message).toBe(
      `skill name "pdf" is also declared by ${join(reg, "bob/pdf")} (as "bob--pdf"); this one is served as "alice--pdf"`,
    );
  });

  it("lets the folder that bears a name keep it, and qualifies the other by its folder", () => {
    expect(result("carol/text-stats")).toMatchObject({ name: "text-stats", status: "compiled" });
    expect(result("carol/impostor")).toMatchObject({ name: "impostor--text-stats", status: "compiled" });
    expect(codes("carol/text-stats")).toContain("warning:DUPLICATE_SKILL_NAME");
  });

  it("normalizes a name with capitals and spaces, keeping the original in the manifest for display", async () => {
    expect(result("dave/Upper_Case")).toMatchObject({ name: "upper-case-tool", status: "compiled" });
    expect(codes("dave/Upper_Case")).toContain("warning:SKILL_NAME_NORMALIZED");
    const manifest = JSON.parse(await readFile(join(root, "compiled", "upper-case-tool", "manifest.json"), "utf8"));
    expect(manifest.skill).toMatchObject({ name: "upper-case-tool", displayName: "Upper Case Tool" });
  });

  it("loads a SKILL.md without frontmatter: folder name, first heading and paragraph as description", async () => {
    expect(result("erin/weather")).toMatchObject({ name: "weather", status: "compiled" });
    expect(codes("erin/weather").filter((c) => !c.startsWith("info:"))).toEqual(["warning:FRONTMATTER_MISSING"]);
    const manifest = JSON.parse(await readFile(join(root, "compiled", "weather", "manifest.json"), "utf8"));
    expect(manifest.skill.description).toBe("Weather Report: Fetches the weather for a city.");
    const compiled = await readFile(join(root, "compiled", "weather", "SKILL.md"), "utf8");
    expect(compiled.startsWith("---\nname: weather\ndescription: \"Weather Report: Fetches the weather for a city.\"\n---\n")).toBe(true);
  });

  it("closes an unclosed frontmatter and quotes a broken [list] value, each with a warning", () => {
    expect(result("frank/unclosed")).toMatchObject({ name: "unclosed", status: "compiled" });
    expect(codes("frank/unclosed")).toContain("warning:FRONTMATTER_UNTERMINATED");
    expect(result("gina/hinted")).toMatchObject({ name: "hinted", status: "compiled" });
    expect(codes("gina/hinted")).toContain("warning:FRONTMATTER_REPAIRED");
  });

  it("compiles steps whose shell lines hold `5(` and `<placeholder>` without crashing", () => {
    expect(result("hank/placeholders")).toMatchObject({ name: "placeholders", status: "compiled" });
  });

  it("still refuses what cannot be served safely, each with its own code, summed up by code", () => {
    expect(result("ivan/binary")).toMatchObject({ status: "failed" });
    expect(codes("ivan/binary")).toContain("error:SKILL_BINARY");
    expect(codes("jane/huge")).toContain("error:SKILL_TOO_LARGE");
    expect(first.summary).toEqual({ total: 11, compiled: 9, fresh: 0, failed: 2, shadowed: 0, servedPercent: 81.8, refusals: { SKILL_BINARY: 1, SKILL_TOO_LARGE: 1 } });
    expect(human).toContain("11 skill(s): 0 compiled, 9 fresh, 2 failed (81.8% served)");
    expect(human).toContain("not served, by error code:\n  SKILL_BINARY: 1\n  SKILL_TOO_LARGE: 1");
  });

  it("gives every skill the same name on the next compile, from its cache", async () => {
    const again = JSON.parse((await skvm(["compile", reg, "--out", join(root, "compiled"), "--json"], root, env)).stdout) as CompileJson;
    const names = (report: CompileJson) => report.results.map((r) => `${r.source}=${r.name}`).sort();
    expect(names(again)).toEqual(names(first));
    expect(again.summary.fresh).toBe(9);
  });
});
