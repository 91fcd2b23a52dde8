import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";

// The three published SkVM profiles (MIT, copied unchanged into profiles/skvm-data/).
const SKVM_DATA = resolve("profiles/skvm-data");

describe("skvm profile import, list, show, diff", () => {
  let root: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-profile-import-"));
    env = { SKVM_HOME: join(root, "home") };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("lists the bundled profiles before anything is imported", async () => {
    const r = await skvm(["profile", "list", "--json"], root, env);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; source: string }[];
    expect(rows.map((x) => [x.id, x.source])).toEqual([
      ["bare-agent/anthropic--claude-opus-4.6", "bundled"],
      ["bare-agent/qwen--qwen3.5-9b", "bundled"],
      ["openclaw/anthropic--claude-haiku-4.5", "bundled"],
    ]);
  });

  it("imports the three real SkVM files, says which lack a primitive, then lists and shows them", async () => {
    const r = await skvm(["profile", "import", SKVM_DATA], root, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        "imported bare-agent/anthropic--claude-opus-4.6 (25/26 primitives; no level for tool.web)",
        "imported bare-agent/qwen--qwen3.5-9b (25/26 primitives; no level for tool.web)",
        "imported openclaw/anthropic--claude-haiku-4.5 (26/26 primitives)",
        "",
      ].join("\n"),
    );
    const list = await skvm(["profile", "list"], root, env);
    expect(list.stdout).toMatch(/^bare-agent\/qwen--qwen3\.5-9b\s+qwen\/qwen3\.5-9b\s+bare-agent\s+2026-04-08\s+25\/26\s+imported$/m);
    const show = await skvm(["profile", "show", "bare-agent/qwen--qwen3.5-9b"], root, env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^gen\.code\.python\s+L3\s+█{9}\s+3\/3\s+3\/3\s+3\/3$/m);
    expect(show.stdout).toMatch(/^reason\.planning\s+L2\s+█{6}·{3}\s+1\/3\s+3\/3\s+0\/3$/m);
    expect(show.stdout).toContain("no level for: tool.web");
    // SkVM's rule: the highest passed level, so an inversion (L3 passed over a failed L2) is called out.
    expect(show.stdout).toContain("gen.regex L3 passed, L2 failed");
    const json = JSON.parse((await skvm(["profile", "show", "openclaw/anthropic--claude-haiku-4.5", "--json"], root, env)).stdout);
    // Unknown fields survive the import (convLogDir is SkVM's own).
    expect(json.profile.details[0].convLogDir).toContain("/logs/profile/");
    const original = JSON.parse(await readFile(join(SKVM_DATA, "openclaw--anthropic--claude-haiku-4.5.json"), "utf8"));
    expect(json.profile).toEqual(original);
  });

  it("diff lines the two profiles up per primitive", async () => {
    const r = await skvm(["profile", "diff", "bare-agent/qwen--qwen3.5-9b", "openclaw/anthropic--claude-haiku-4.5", "--json"], root, env);
    const rows = (JSON.parse(r.stdout) as { rows: { primitive: string; a: string | null; b: string | null; delta: number | null }[] }).rows;
    expect(rows.find((x) => x.primitive === "gen.code.sql")).toEqual({ primitive: "gen.code.sql", a: "L3", b: "L1", delta: -2 });
    expect(rows.find((x) => x.primitive === "tool.web")).toEqual({ primitive: "tool.web", a: null, b: "L3", delta: null });
  });

  it("accepts a partial profile and says so; refuses a broken one naming the field", async () => {
    const partial = join(root, "partial.json");
    await writeFile(partial, JSON.stringify({ version: "1.0", model: "acme/tiny", harness: "bare-agent", profiledAt: "2026-05-01T10:00:00Z", capabilities: { "gen.code.python": "L2" }, isPartial: true, extra: { kept: 1 } }));
    const r = await skvm(["profile", "import", partial], root, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^imported bare-agent\/acme--tiny \(1\/26 primitives; no level for gen\.code\.javascript, .*; marked partial \(isPartial\)\)$/m);
    const show = JSON.parse((await skvm(["profile", "show", "bare-agent/acme--tiny", "--json"], root, env)).stdout);
    expect(show.profile.extra).toEqual({ kept: 1 });

    const broken = join(root, "broken.json");
    await writeFile(broken, JSON.stringify({ version: "1.0", model: "m", harness: "h", profiledAt: "2026-05-01T10:00:00Z", capabilities: { "gen.regex": "L4" } }));
    const bad = await skvm(["profile", "import", broken], root, env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/PROFILE_INVALID: .*broken\.json: capabilities\.gen\.regex: /);
    expect(bad.stderr).toContain("hint:");
    const missing = await skvm(["profile", "show", "nobody/none"], root, env);
    expect(missing.stderr).toContain('PROFILE_NOT_FOUND: no profile "nobody/none"');
  });
});
