import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { explainRequirements } from "../../src/compiler/capability/explain.js";
import type { RequirementReport } from "../../src/compiler/capability/contract.js";
import { renderRequirements } from "../../src/cli/requirements-view.js";
import { readProfileFile } from "../../src/profile/index.js";

const ev = (line: number, why: string) => [{ file: "SKILL.md", line, text: `line ${line}`, why }];
const report: RequirementReport = {
  version: 1,
  sourceHash: `sha256:${"0".repeat(64)}`,
  requirements: [
    { id: "gen.code.python", level: 2, evidence: ev(8, "Python using a library"), source: "rules" },
    { id: "gen.text.long", level: 2, evidence: ev(12, "asks for a comprehensive report"), source: "rules" },
    { id: "tool.exec", level: 1, evidence: ev(10, "runs the bundled script scripts/x.py"), source: "rules" },
    { id: "tool.web", level: 1, evidence: ev(14, "asks to fetch from the web"), source: "provider" },
  ],
};

describe("explainRequirements (the analysis half of skvm explain)", () => {
  it("puts each requirement beside the bundled qwen3.5-9b profile's level: met, weak, missing, or unmeasured", async () => {
    const qwen = await readProfileFile(resolve("profiles/skvm-data/bare-agent--qwen--qwen3.5-9b.json"));
    const views = explainRequirements(report, qwen.capabilities);
    expect(views.map((v) => [v.id, v.required, v.have, v.status])).toEqual([
      ["gen.code.python", 2, 3, "met"],
      ["gen.text.long", 2, 1, "weak"],
      ["tool.exec", 1, 0, "missing"],
      // The published qwen profile does not list tool.web.
      ["tool.web", 1, null, "unmeasured"],
    ]);
    const text = renderRequirements(views);
    expect(text).toMatch(/tool\.exec\s+L1\s+L0\s+missing\s+rules/);
    expect(text).toMatch(/tool\.web\s+L1\s+-\s+unmeasured\s+model/);
    expect(text).toContain('SKILL.md:10  runs the bundled script scripts/x.py  "line 10"');
  });
});
