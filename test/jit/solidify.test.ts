import { describe, expect, it } from "vitest";
import { Solidifier, type Template } from "../../src/jit/index.js";

const template = (fingerprint = `sha256:${"a".repeat(64)}`) => ({ id: "t", fingerprint }) as Template;

describe("the solidification state machine", () => {
  it("promotes a template on the Nth exact match in a row, once", () => {
    const s = new Solidifier({ promoteAfter: 3, demoteAfter: 2 });
    expect(s.match("skill", template())).toBeUndefined();
    expect(s.match("skill", template())).toBeUndefined();
    expect(s.match("skill", template())).toBe("promoted");
    expect(s.match("skill", template())).toBeUndefined();
    expect(s.isPromoted("skill", template())).toBe(true);
    expect(s.stats("skill", template())).toMatchObject({ matches: 4, promotions: 1 });
  });

  it("starts the count over after a miss", () => {
    const s = new Solidifier({ promoteAfter: 3, demoteAfter: 2 });
    s.match("skill", template());
    s.match("skill", template());
    s.miss("skill", template());
    expect(s.match("skill", template())).toBeUndefined();
    expect(s.match("skill", template())).toBeUndefined();
    expect(s.match("skill", template())).toBe("promoted");
  });

  it("demotes a promoted template after repeated failures of its served program, not after one", () => {
    const s = new Solidifier({ promoteAfter: 1, demoteAfter: 2 });
    s.match("skill", template());
    expect(s.served("skill", template(), false, { direct: true })).toBeUndefined();
    expect(s.served("skill", template(), true, { direct: true })).toBeUndefined();
    expect(s.served("skill", template(), false, { direct: true })).toBeUndefined();
    expect(s.served("skill", template(), false, { direct: true })).toBe("demoted");
    expect(s.isPromoted("skill", template())).toBe(false);
    expect(s.stats("skill", template())).toMatchObject({ failures: 3, demotions: 1, servedRuns: 4, directCalls: 4 });
  });

  it("adds up the tokens direct calls saved", () => {
    const s = new Solidifier({ promoteAfter: 1, demoteAfter: 2 });
    s.match("skill", template());
    s.served("skill", template(), true, { direct: true });
    s.saved("skill", template(), 180);
    s.served("skill", template(), true, { direct: false });
    expect(s.stats("skill", template())).toMatchObject({ tokensSaved: 180, servedRuns: 2, directCalls: 1 });
  });

  it("forgets the counts of a template whose code changed (another fingerprint)", () => {
    const s = new Solidifier({ promoteAfter: 1, demoteAfter: 2 });
    s.match("skill", template());
    expect(s.isPromoted("skill", template())).toBe(true);
    expect(s.isPromoted("skill", template(`sha256:${"b".repeat(64)}`))).toBe(false);
    expect(s.stats("skill", template(`sha256:${"b".repeat(64)}`))).toMatchObject({ matches: 0, promoted: false });
  });

  it("keeps templates of different skills apart", () => {
    const s = new Solidifier({ promoteAfter: 1, demoteAfter: 2 });
    s.match("one", template());
    expect(s.isPromoted("two", template())).toBe(false);
  });
});
