import { describe, expect, it } from "vitest";
import { stepsToConfirm } from "../../src/server/install-consent.js";

const npm = { kind: "node" as const, name: "is-number", command: "npm install --prefix ... is-number" };
const apt = { kind: "system" as const, name: "qpdf", command: "apt-get install -y qpdf" };

describe("what env_setup asks the user to approve", () => {
  it("leaves out system packages the install will skip without SKVM_ALLOW_SYSTEM_PACKAGES=1", () => {
    expect(stepsToConfirm([npm, apt], {})).toEqual([npm]);
    expect(stepsToConfirm([apt], { SKVM_ALLOW_SYSTEM_PACKAGES: "0" })).toEqual([]);
  });

  it("includes them when the user opted in to system packages", () => {
    expect(stepsToConfirm([npm, apt], { SKVM_ALLOW_SYSTEM_PACKAGES: "1" })).toEqual([npm, apt]);
  });
});
