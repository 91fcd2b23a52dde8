import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVELS, PRIMITIVE_IDS, type Level, type PrimitiveId } from "../../src/profile/catalogue.js";
import type { Turn } from "../../src/profile/probe.js";
import { generateInstances } from "../../src/profile/probes/index.js";
import { skvm } from "../helpers/cli.js";
import { CLI } from "../helpers/server.js";

// `skvm profile` end to end: a scripted model that knows the reference answers for some
// primitive levels and answers everything else wrongly; the profile must come out exactly so.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const WRONG = { text: "I am not sure.\nANSWER: 0" };

/** A script answering the reference for the given (primitive, level) pairs of a seed, wrong elsewhere. */
function scriptFor(seed: number, instances: number, knows: [PrimitiveId, Level][], extra: object = {}) {
  const rules = knows.flatMap(([id, level]) =>
    generateInstances(id, level, seed, instances).map((inst) => ({ match: `^${escape(inst.prompt)}$`, turns: inst.reference as Turn[] })),
  );
  return { model: "test/scripted-model", rules, fallback: WRONG, ...extra };
}

interface RunJson {
  path: string;
  run: { calls: number; input: number; output: number; ranInstances: number; resumedInstances: number };
  notMeasured: string[];
  profile: { capabilities: Record<string, string>; inversions: unknown[]; cost: { totalTokens: { input: number; output: number } }; details: { primitiveId: string; levelResults: { level: string; passCount: number; failureDetails: string[] }[] }[] };
}

describe("skvm profile", () => {
  let root: string;
  let n = 0;
  const home = () => join(root, `home-${++n}`);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-profile-run-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const writeScript = async (script: object) => {
    const file = join(root, `script-${++n}.json`);
    await writeFile(file, JSON.stringify(script));
    return file;
  };

  const PRIMS = "reason.arithmetic,follow.procedure,gen.code.shell,tool.file.read,follow.format";
  const KNOWS: [PrimitiveId, Level][] = [
    ["reason.arithmetic", "L1"],
    ["reason.arithmetic", "L2"],
    ["reason.arithmetic", "L3"],
    ["follow.procedure", "L1"],
    ["follow.procedure", "L2"],
    ["tool.file.read", "L1"],
    ["follow.format", "L2"],
    ["follow.format", "L3"],
  ];
  const EXPECTED = { "reason.arithmetic": "L3", "follow.procedure": "L2", "gen.code.shell": "L0", "tool.file.read": "L1", "follow.format": "L3" };

  it("yields exactly the levels the scripted model earns, with failures, inversions and real token totals", { timeout: 300_000 }, async () => {
    const script = await writeScript(scriptFor(5, 2, KNOWS));
    const env = { SKVM_HOME: home() };
    const r = await skvm(["profile", "--provider", "scripted", "--script", script, "--primitives", PRIMS, "--instances", "2", "--seed", "5", "--json"], root, env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as RunJson;
    expect(out.profile.capabilities).toEqual(EXPECTED);
    // follow.format: L1 failed under passing L2 and L3.
    expect(out.profile.inversions).toEqual([
      { primitiveId: "follow.format", passed: "L2", failedBelow: "L1" },
      { primitiveId: "follow.format", passed: "L3", failedBelow: "L1" },
    ]);
    const shell = out.profile.details.find((d) => d.primitiveId === "gen.code.shell")!;
    expect(shell.levelResults.map((l) => l.passCount)).toEqual([0, 0, 0]);
    expect(shell.levelResults[0]!.failureDetails[0]).toMatch(/^instance 1: no bash code block/);
    // Answer-mode instances take one call each; tool.file.read's take two (a read, then the answer) when known.
    expect(out.run.ranInstances).toBe(5 * 3 * 2);
    expect(out.profile.cost.totalTokens).toEqual({ input: out.run.input, output: out.run.output, cacheRead: 0, cacheWrite: 0 });
    expect(out.run.input).toBeGreaterThan(1000);
    expect(existsSync(out.path)).toBe(true);
    expect(r.stderr).toMatch(/^\[ ?\d+\/15\] \S+ L\d \d\/2 passed · calls \d+ · tokens \S+ in \/ \S+ out · \$0\.0000$/m);

    // The same seed gives the same instances (and levels); another seed other instances, which this script does not know.
    const again = await skvm(["profile", "--provider", "scripted", "--script", script, "--primitives", PRIMS, "--instances", "2", "--seed", "5", "--json"], root, { SKVM_HOME: home() });
    expect((JSON.parse(again.stdout) as RunJson).profile.capabilities).toEqual(EXPECTED);
    const other = await skvm(["profile", "--provider", "scripted", "--script", script, "--primitives", PRIMS, "--instances", "2", "--seed", "6", "--json"], root, { SKVM_HOME: home() });
    expect(Object.values((JSON.parse(other.stdout) as RunJson).profile.capabilities)).toEqual(["L0", "L0", "L0", "L0", "L0"]);
  });

  it("gives the same instances for the same seed and different ones for another seed, for every primitive", () => {
    for (const id of PRIMITIVE_IDS) {
      for (const level of LEVELS) {
        // What the model sees and what passes: the prompt, the workspace, the served data and the reference answer.
        const content = (seed: number) => generateInstances(id, level, seed, 3).map((i) => JSON.stringify([i.prompt, i.files, i.http, i.reference]));
        expect(content(1)).toEqual(content(1));
        expect(new Set(content(1)).size).toBe(3);
        expect(content(2).some((c) => content(1).includes(c))).toBe(false);
      }
    }
  });

  it("reports tool primitives as not measured when the provider cannot call tools", { timeout: 120_000 }, async () => {
    const script = await writeScript(scriptFor(1, 1, [["reason.arithmetic", "L1"], ["tool.file.read", "L1"]], { supportsTools: false }));
    const r = await skvm(["profile", "--provider", "scripted", "--script", script, "--primitives", "reason.arithmetic,tool.*", "--instances", "1", "--json"], root, { SKVM_HOME: home() });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as RunJson;
    expect(out.profile.capabilities).toEqual({ "reason.arithmetic": "L1" });
    expect(out.notMeasured).toEqual(["tool.file.read", "tool.file.write", "tool.exec", "tool.call.format", "tool.call.batch", "tool.web", "tool.browser"]);
    expect(r.stderr).toContain("not measured (the provider cannot call tools): tool.file.read");
  });

  it("early stopping skips the levels above the first failure", { timeout: 120_000 }, async () => {
    const script = await writeScript(scriptFor(1, 1, [["follow.procedure", "L1"], ["follow.procedure", "L3"]]));
    const r = await skvm(["profile", "--provider", "scripted", "--script", script, "--primitives", "follow.procedure", "--instances", "1", "--early-stop", "--json"], root, { SKVM_HOME: home() });
    const out = JSON.parse(r.stdout) as RunJson;
    expect(out.profile.details[0]!.levelResults.map((l) => l.level)).toEqual(["L1", "L2"]);
    expect(out.run.calls).toBe(2);
    expect(out.profile.capabilities).toEqual({ "follow.procedure": "L1" });
  });

  it("an interrupted run resumes without repeating finished instances", { timeout: 300_000 }, async () => {
    const prims = "reason.*";
    const knows = (["reason.arithmetic", "reason.logic", "reason.spatial"] as PrimitiveId[]).flatMap((id) => LEVELS.map((l) => [id, l] as [PrimitiveId, Level]));
    const script = await writeScript(scriptFor(3, 2, knows, { delayMs: 150 }));
    const env = { ...process.env, SKVM_HOME: home(), SKVM_LOG_LEVEL: "silent" };
    const args = [CLI, "profile", "--provider", "scripted", "--script", script, "--primitives", prims, "--instances", "2", "--seed", "3", "--concurrency", "2", "--json"];
    const log = join(env.SKVM_HOME, "profiles", "bare-agent", "test--scripted-model", "resume.jsonl");
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const lines = async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean);
    while ((await lines()).length < 6) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain("PROFILE_INTERRUPTED");
    expect(stderr).toContain("--resume");
    const finished = await lines();
    expect(finished.length).toBeLessThan(30);

    const resumed = await skvm(args.slice(1).concat("--resume"), root, { SKVM_HOME: env.SKVM_HOME });
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout) as RunJson;
    expect(out.run.resumedInstances).toBe(finished.length);
    expect(out.run.ranInstances).toBe(30 - finished.length);
    expect(out.run.calls).toBe(30 - finished.length);
    expect(out.profile.capabilities).toEqual({ "reason.arithmetic": "L3", "reason.logic": "L3", "reason.spatial": "L3", "reason.planning": "L0", "reason.analysis": "L0" });
    // The log is cleared once the profile is written.
    expect(existsSync(log)).toBe(false);
  });

  it("bad flags and scripts get a code, the field and a hint", async () => {
    const bad = await skvm(["profile", "--provider", "scripted", "--script", join(root, "nope.yaml")], root, { SKVM_HOME: home() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/PROFILE_BAD_OPTION: SCRIPT_UNREADABLE: .*nope\.yaml/);
    const invalid = await writeScript({ rules: [{ match: "(" , text: "x" }] });
    const r = await skvm(["profile", "--provider", "scripted", "--script", invalid], root, { SKVM_HOME: home() });
    expect(r.stderr).toMatch(/SCRIPT_INVALID: .*rules\.0\.match/);
    const glob = await skvm(["profile", "--provider", "scripted", "--script", invalid, "--primitives", "gen.nothing"], root, { SKVM_HOME: home() });
    expect(glob.stderr).toContain("PROFILE_BAD_OPTION: --primitives: gen.nothing matches no primitive");
    expect(glob.stderr).toContain("hint:");
  });
});
