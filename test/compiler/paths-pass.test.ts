import { beforeAll, describe, expect, it } from "vitest";
import { pathsPass } from "../../src/compiler/passes/paths/index.js";
import { SKILL_DIR_TOKEN } from "../../src/compiler/skill-dir-token.js";
import { makeIr } from "../helpers/ir.js";

const run = (body: string, files: string[]) => {
  const ir = makeIr(body, files);
  return pathsPass.run({ ir, out: { body, files: {}, manifest: {} } }, { compilerVersion: "test" });
};

describe("paths pass", () => {
  beforeAll(() => pathsPass.setup?.());

  it("turns foreign skill-dir placeholders into the skvm token", () => {
    const { unit } = run("Run `{baseDir}/scripts/a.sh` or `${HERMES_SKILL_DIR}/scripts/a.sh`.\n", ["scripts/a.sh"]);
    expect(unit.out.body).toBe(`Run \`${SKILL_DIR_TOKEN}/scripts/a.sh\` or \`${SKILL_DIR_TOKEN}/scripts/a.sh\`.\n`);
  });

  it("absolutizes relative bundled paths in code but leaves prose and unknown paths alone", () => {
    const body = "See scripts/a.py in prose.\n\n```bash\npython3 ./scripts/a.py in.csv > scripts/other.py\ncat references/guide.md\n```\n";
    const { unit } = run(body, ["scripts/a.py", "references/guide.md"]);
    expect(unit.out.body).toContain("See scripts/a.py in prose.");
    expect(unit.out.body).toContain(`python3 ${SKILL_DIR_TOKEN}/scripts/a.py in.csv > scripts/other.py`);
    expect(unit.out.body).toContain(`cat ${SKILL_DIR_TOKEN}/references/guide.md`);
  });

  it("does not rewrite a longer path that merely contains a bundled one", () => {
    const { unit } = run("```bash\ncat xscripts/a.py scripts/a.pyc data/scripts/a.py\n```\n", ["scripts/a.py"]);
    expect(unit.out.body).toContain("cat xscripts/a.py scripts/a.pyc data/scripts/a.py");
  });

  it("adds a run_script note after a block that runs a bundled script, with argv as written", () => {
    const body = "1. Validate:\n\n   ```bash\n   python3 scripts/v.py \"my data.csv\" --out v.json\n   ```\n";
    const { unit } = run(body, ["scripts/v.py"]);
    const note = JSON.stringify({ skill: "demo", script: "scripts/v.py", args: ["my data.csv", "--out", "v.json"] });
    expect(unit.out.body).toContain(`   > - \`run_script\` ${note}`);
    expect(unit.out.manifest.scripts).toEqual([
      { path: "scripts/v.py", invocations: [{ line: 5 + 3, args: ["my data.csv", "--out", "v.json"] }] },
    ]);
  });

  it("recognizes direct, env-prefixed, continued and placeholder invocations", () => {
    const body = "```sh\n$ LANG=C {baseDir}/scripts/x.sh \\\n  --from v1 --to HEAD | tee out.md\nbash scripts/y.sh\n```\n";
    const { unit } = run(body, ["scripts/x.sh", "scripts/y.sh"]);
    const scripts = unit.out.manifest.scripts as { path: string; invocations: { args: string[] }[] }[];
    expect(scripts.map((s) => [s.path, s.invocations[0]?.args])).toEqual([
      ["scripts/x.sh", ["--from", "v1", "--to", "HEAD"]],
      ["scripts/y.sh", []],
    ]);
  });

  it("says what a redirect does in the run_script note, and sends shell-only commands to the command as written", () => {
    const body = "```bash\npython3 scripts/v.py src > loc.txt\npython3 scripts/v.py < in.txt 2>> err.log\npython3 scripts/v.py src | sort\nX=1 python3 scripts/v.py\n```\n";
    const { unit } = run(body, ["scripts/v.py"]);
    const call = (args: string[]) => `\`run_script\` ${JSON.stringify({ skill: "demo", script: "scripts/v.py", args })}`;
    expect(unit.out.body).toContain(`> - ${call(["src"])}, then write its stdout to \`loc.txt\` (the command redirects \`> loc.txt\`)`);
    expect(unit.out.body).toContain(`> - ${call([])}, then give it the contents of \`in.txt\` as \`stdin\`, and append its stderr to \`err.log\``);
    expect(unit.out.body).toContain("> - `scripts/v.py`: this command also uses `|`, which only a shell does: run the command as written");
    expect(unit.out.body).toContain("> - `scripts/v.py`: this command also uses `X=...`, which only a shell does");
  });

  it("warns about a mistyped {baseDir} script path too", () => {
    const { diagnostics } = run("```bash\nnode {baseDir}/scripts/toobot.js new-status\n```\n", ["scripts/tootbot.js"]);
    expect(diagnostics).toMatchObject([{ code: "SCRIPT_NOT_BUNDLED", message: expect.stringContaining("scripts/toobot.js") }]);
  });

  it("warns when instructions run a script the skill does not bundle", () => {
    const { diagnostics } = run("```bash\npython scripts/missing.py\n```\n", []);
    expect(diagnostics).toMatchObject([{ code: "SCRIPT_NOT_BUNDLED", severity: "warning", line: 6 }]);
  });

  it("leaves python blocks' contents alone except for bundled paths", () => {
    const body = "```python\nimport subprocess\nsubprocess.run(['python3', 'scripts/a.py'])\n```\n";
    const { unit } = run(body, ["scripts/a.py"]);
    expect(unit.out.body).toContain(`'${SKILL_DIR_TOKEN}/scripts/a.py'`);
    expect(unit.out.manifest.scripts).toEqual([]);
  });
});
