import { describe, expect, it } from "vitest";
import { findGaps, requiredLevels, type RequirementReport } from "../../src/compiler/capability/contract.js";

const ev = (line: number) => [{ file: "SKILL.md", line, text: "python scripts/x.py", why: "runs a bundled script" }];
const report: RequirementReport = {
  version: 1,
  sourceHash: "sha256:" + "0".repeat(64),
  requirements: [
    { id: "tool.exec", level: 1, evidence: ev(3), source: "rules" },
    { id: "gen.text.long", level: 2, evidence: ev(9), source: "rules" },
    { id: "gen.regex", level: 2, evidence: ev(12), source: "rules" },
    { id: "tool.web", level: 1, evidence: ev(14), source: "rules" },
  ],
};

describe("findGaps", () => {
  it("reports missing (L0) and weak requirements, skips met and unmeasured ones", () => {
    const gaps = findGaps(report, { "tool.exec": "L0", "gen.text.long": "L1", "gen.regex": "L3" });
    expect(gaps.map((g) => [g.id, g.required, g.have, g.kind])).toEqual([
      ["tool.exec", 1, 0, "missing"],
      ["gen.text.long", 2, 1, "weak"],
    ]);
    expect(gaps[0]!.evidence[0]!.line).toBe(3);
  });

  it("gives the manifest's {id: level} map", () => {
    expect(requiredLevels(report)).toEqual({ "tool.exec": 1, "gen.text.long": 2, "gen.regex": 2, "tool.web": 1 });
  });
});
