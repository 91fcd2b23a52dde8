import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { concurrencyPass } from "../../../src/compiler/passes/concurrency/index.js";
import { loadSkill } from "../../../src/skill/index.js";
import { skillMd, writeSkill } from "../../helpers/skill-fixtures.js";

const SKILLS = fileURLToPath(new URL("../../../skills/", import.meta.url));

async function compileBody(dir: string) {
  const loaded = await loadSkill(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return concurrencyPass.run({ ir: loaded.ir, out: { body: loaded.ir.body, files: {}, manifest: {} } }, { compilerVersion: "test" });
}

describe("concurrency pass: artifacts and hints in the compiled SKILL.md", () => {
  beforeAll(() => concurrencyPass.setup?.());

  it("writes workflow.json, names it in the manifest and tells the model which steps run together", async () => {
    const { unit } = await compileBody(`${SKILLS}csv-report`);
    expect(unit.out.manifest.workflow).toBe("workflow.json");
    expect(JSON.parse(unit.out.files["workflow.json"] ?? "{}").parallel).toEqual([{ kind: "instruction", nodes: ["step-2", "step-3", "step-4"] }]);
    const hints = unit.out.body.slice(unit.out.body.indexOf("## Parallel execution (skvm)"));
    expect(hints).toContain("`step-2` (column statistics), `step-3` (text histograms of every numeric column), `step-4` (outliers with Tukey's IQR fences) do not depend on each other: once `step-1` (Validate the file) is done, run them at the same time");
    expect(hints).toContain('`run_workflow` {"skill":"csv-report","inputs":{"data.csv":"data.csv"}}');
  });

  it("suggests sub-agents for independent prose sub-tasks and batching for a data-parallel step", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-hints-"));
    try {
      const body = "## Workflow\n\n1. Review `a.md` independently.\n2. Review `b.md` independently.\n3. After steps 1 and 2, for each file in `files`, lint it:\n   ```bash\n   python3 scripts/lint.py <file>\n   ```\n";
      const dir = await writeSkill(root, "hinted", { "SKILL.md": skillMd("hinted", "Hints fixture", body), "scripts/lint.py": "print(1)\n" });
      const { unit } = await compileBody(dir);
      expect(unit.out.body).toContain("- `step-1` (Review a.md independently.), `step-2` (Review b.md independently.) are independent sub-tasks: give each its own sub-agent");
      expect(unit.out.body).toContain("runs once per item of `files`; the items are independent: process them in parallel");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("adds nothing to a skill without parallelism", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-hints-"));
    try {
      const dir = await writeSkill(root, "plain", { "SKILL.md": skillMd("plain", "Plain", "## Workflow\n\n1. Install:\n   ```bash\n   pip install foo\n   ```\n2. Run:\n   ```bash\n   foo\n   ```\n") });
      const { unit } = await compileBody(dir);
      expect(unit.out.body).not.toContain("Parallel execution");
      expect(unit.out.manifest.workflow).toBe("workflow.json");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
