import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { extractSkill, names, req } from "./skill.js";

const skill = (name: string) => extractSkill(fileURLToPath(new URL(`../../../skills/${name}`, import.meta.url)));

describe("the project's example skills", () => {
  test("git-changelog needs git (core) and python3 (or python), and runs on linux and darwin", async () => {
    const r = await skill("git-changelog");
    expect(req(r, "bins", "git")).toMatchObject({ optional: false });
    expect(req(r, "bins", "git").origins).toEqual(expect.arrayContaining(["metadata.openclaw.requires.bins", "scripts/changelog.sh:48", "scripts/bump_version.py:38"]));
    expect(req(r, "bins", "python3")).toMatchObject({ optional: false, anyOf: ["python3", "python"] });
    expect(names(r, "bins")).toEqual(["bash", "git", "python3"]);
    expect(r.requires.python).toEqual([]);
    expect(r.os).toEqual(["linux", "darwin"]);
  });

  test("csv-report needs python3 only: stdlib imports and its local table_io module are no pip packages", async () => {
    const r = await skill("csv-report");
    expect(r.requires).toEqual({ python: [], node: [], bins: [expect.objectContaining({ name: "python3", optional: false })], env: [] });
    expect(r.systemPackages).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  test("text-stats needs no pip packages, and its coreutils one-liners need nothing", async () => {
    const r = await skill("text-stats");
    expect(r.requires.python).toEqual([]);
    expect(names(r, "bins")).toEqual(["python3"]);
  });

  test("png-tools is standard-library Python", async () => {
    const r = await skill("png-tools");
    expect(r.requires).toEqual({ python: [], node: [], bins: [expect.objectContaining({ name: "python3" })], env: [] });
  });

  test("json-transform needs node, with no npm packages (node: builtins only)", async () => {
    const r = await skill("json-transform");
    expect(req(r, "bins", "node")).toMatchObject({ optional: false });
    expect(req(r, "bins", "node").origins).toEqual(expect.arrayContaining(["compatibility", "scripts/transform.mjs:1"]));
    expect(r.requires.node).toEqual([]);
    expect(names(r, "bins")).toEqual(["bash", "node", "python3"]);
  });
});
