import { describe, expect, it } from "vitest";
import { ScriptedProvider, ScriptFile } from "../../src/model/scripted.js";
import { LEVELS, PRIMITIVE_IDS } from "../../src/profile/catalogue.js";
import type { ProbeInstance, Turn } from "../../src/profile/probe.js";
import { generateInstances } from "../../src/profile/probes/index.js";
import { runInstance } from "../../src/profile/run-instance.js";
import { mapLimit } from "../../src/concurrency.js";

// Every grader, through the real path: a scripted model answers, the instance runs (agent loop,
// workspace, exec sandbox) and is graded. The reference must pass; garbage must not.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const answering = (instance: ProbeInstance, turns: Turn[]) =>
  new ScriptedProvider(ScriptFile.parse({ rules: [{ match: `^${escape(instance.prompt)}$`, turns }] }));

const cases = PRIMITIVE_IDS.flatMap((id) => LEVELS.map((level) => ({ id, level })));

describe("graders", () => {
  it("for every primitive and level, the reference passes and empty, echoed and near-miss answers fail", { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    await mapLimit(cases, 3, async ({ id, level }) => {
      const [instance] = generateInstances(id, level, 7, 1);
      if (!instance) throw new Error(`no instance for ${id} ${level}`);
      const variants: [string, Turn[], boolean][] = [
        ["reference", instance.reference, true],
        ["empty", [{ text: "" }], false],
        ["echo", [{ text: instance.prompt }], false],
        ["near miss", instance.nearMiss, false],
      ];
      for (const [name, turns, shouldPass] of variants) {
        const result = await runInstance(instance, answering(instance, turns), { maxSteps: 12, maxTokens: 4096 });
        if (result.passed !== shouldPass) problems.push(`${id} ${level} ${name}: ${shouldPass ? `failed: ${result.reason}` : "passed"}`);
      }
    });
    expect(problems).toEqual([]);
  });
});
