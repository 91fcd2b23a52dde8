import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptedProvider, ScriptFile } from "../src/model/scripted.js";
import { LEVELS, levelNumber, PRIMITIVE_IDS, type Level, type PrimitiveId } from "../src/profile/catalogue.js";
import { generateInstances } from "../src/profile/probes/index.js";
import { runProfile } from "../src/profile/profiler.js";
import { ResumeLog } from "../src/profile/resume-log.js";
import { BUNDLED_DIR, readProfileFile } from "../src/profile/store.js";
import { median, percentile, type BenchRow } from "./stats.js";

const SKVM_AGENT_RUNS = 26 * 3 * 3;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A scripted model that answers the reference wherever `knows` says so, and wrongly elsewhere. */
function scriptedModel(seed: number, instances: number, knows: (id: PrimitiveId, level: Level) => boolean): ScriptedProvider {
  const rules = PRIMITIVE_IDS.flatMap((id) =>
    LEVELS.filter((l) => knows(id, l)).flatMap((level) => generateInstances(id, level, seed, instances).map((i) => ({ match: `^${escape(i.prompt)}$`, turns: i.reference }))),
  );
  return new ScriptedProvider(ScriptFile.parse({ model: "bench/scripted", rules, fallback: { text: "ANSWER: 0" } }));
}

/**
 * What a full profile costs in model calls and tokens with the scripted provider (SkVM runs
 * 26 x 3 x 3 = 234 agent runs, each of several calls), what fewer instances and early stopping
 * save, and the profiler's own time per instance (grading, sandboxed runs, workspaces) excluding
 * the model's.
 */
export async function benchProfile(quick: boolean): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "skvm-bench-profile-"));
  const seed = 1;
  const concurrency = availableParallelism();
  const profileWith = async (provider: ScriptedProvider, instances: number, earlyStop: boolean, name: string) => {
    const log = new ResumeLog(join(dir, `${name}.jsonl`));
    const result = await runProfile({ provider, harness: "bench", primitives: PRIMITIVE_IDS, instances, seed, concurrency, earlyStop, settings: { maxSteps: 12, maxTokens: 4096 }, log, resume: false });
    return { result, instances: [...(await log.load()).values()] };
  };
  try {
    const rows: BenchRow[] = [];
    const row = (c: string, median: number, unit: string, extra: Partial<BenchRow> = {}) => rows.push({ suite: "profile", case: c, median, unit, ...extra });

    const perfect = scriptedModel(seed, 3, () => true);
    const full = await profileWith(perfect, 3, false, "full");
    const allL3 = Object.values(full.result.profile.capabilities).every((l) => l === "L3");
    row(`full profile, 3 instances/level, reference answers (all L3: ${allL3 ? "yes" : "NO"}): model calls`, full.result.run.calls, "calls", { baseline: `SkVM: ${SKVM_AGENT_RUNS} agent runs`, ratio: full.result.run.calls / SKVM_AGENT_RUNS });
    row("full profile, 3 instances/level: tokens in + out (o200k count)", full.result.run.input + full.result.run.output, "tokens");
    const overhead = full.instances.map((i) => i.durationMs - i.modelMs);
    row("profiler overhead per instance excluding model time (grading, sandbox, workspace), p50", median(overhead), "ms", { samples: overhead });
    row("profiler overhead per instance excluding model time, p95", percentile(overhead, 95), "ms");
    row("full profile, 3 instances/level: wall time at concurrency " + concurrency, full.result.run.durationMs, "ms");

    const one = await profileWith(scriptedModel(seed, 1, () => true), 1, false, "one");
    row("--instances 1: model calls", one.result.run.calls, "calls", { baseline: "3 instances/level", ratio: one.result.run.calls / full.result.run.calls });

    // A model with the levels SkVM published for qwen3.5-9b: knows a level up to its recorded one.
    const qwen = await readProfileFile(join(BUNDLED_DIR, "bare-agent--qwen--qwen3.5-9b.json"));
    const knows = (id: PrimitiveId, level: Level) => levelNumber(level) <= levelNumber(qwen.capabilities[id] ?? "L0");
    const shaped = scriptedModel(seed, 3, knows);
    const all = quick ? undefined : await profileWith(shaped, 3, false, "qwen-all");
    const early = await profileWith(shaped, 3, true, "qwen-early");
    const base = all?.result.run.calls ?? full.result.run.calls;
    row(`--early-stop, a model shaped like qwen3.5-9b's published levels: model calls`, early.result.run.calls, "calls", { baseline: all ? "same model, all levels" : "full profile (reference model)", ratio: early.result.run.calls / base });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
