import { describe, expect, it } from "vitest";
import { PassManager, PassRegistrationError, type CompilerPass } from "../../src/compiler/index.js";
import { makeIr } from "../helpers/ir.js";

const appending = (name: string): CompilerPass => ({
  name,
  description: name,
  run: (unit) => ({
    unit: { ...unit, out: { ...unit.out, body: `${unit.out.body}${name};` } },
    diagnostics: [{ code: `RAN_${name}`, severity: "info", message: name }],
  }),
});

describe("PassManager", () => {
  it("runs passes in order and collects their diagnostics", () => {
    const pm = new PassManager([appending("a"), appending("b")]);
    const { unit, diagnostics } = pm.run(makeIr(""), { compilerVersion: "t" });
    expect(unit.out.body).toBe("a;b;");
    expect(diagnostics.map((d) => d.code)).toEqual(["RAN_a", "RAN_b"]);
  });

  it("places registered passes first, last, before or after a named pass", () => {
    const pm = new PassManager([appending("a"), appending("b")]);
    pm.register(appending("z"), "first").register(appending("m"), { after: "a" }).register(appending("y"), { before: "b" });
    expect(pm.names).toEqual(["z", "a", "m", "y", "b"]);
  });

  it("refuses duplicate names, unknown anchors and malformed passes", () => {
    const pm = new PassManager([appending("a")]);
    expect(() => pm.register(appending("a"))).toThrow(PassRegistrationError);
    expect(() => pm.register(appending("q"), { after: "nope" })).toThrow(/no pass named "nope"/);
    expect(() => pm.register({ name: "bad" } as unknown as CompilerPass)).toThrow(/run\(unit, ctx\)/);
  });
});
