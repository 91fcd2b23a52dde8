import type { ModelProvider } from "../model/provider.js";
import { LEVELS, needsTools, type Level, type LevelOrZero, type PrimitiveId } from "./catalogue.js";
import { createLimiter } from "./limiter.js";
import { PROFILE_VERSION, type LevelResult, type PrimitiveDetail, type ProbeRunInfo, type Profile } from "./profile-format.js";
import { generateInstances, PROBE_VERSION } from "./probes/index.js";
import type { ProbeInstance } from "./probe.js";
import type { InstanceResult } from "./results.js";
import type { ResumeLog } from "./resume-log.js";
import { runInstance, type RunSettings } from "./run-instance.js";

export interface Prices {
  /** USD per million input tokens. */
  input: number;
  output: number;
}

export interface ProfileRunOptions {
  provider: ModelProvider;
  harness: string;
  primitives: readonly PrimitiveId[];
  instances: number;
  seed: number;
  concurrency: number;
  /** Stop a primitive at its first failed level (cheaper; inversions go unseen). */
  earlyStop: boolean;
  settings: Omit<RunSettings, "signal">;
  log: ResumeLog;
  /** Reuse the finished instances in the log (else the log starts empty). */
  resume: boolean;
  prices?: Prices;
  signal?: AbortSignal;
  onLevel?: (event: LevelEvent) => void;
}

export interface Totals {
  calls: number;
  input: number;
  output: number;
  costUsd: number;
}

export interface LevelEvent {
  primitive: PrimitiveId;
  level: Level;
  passCount: number;
  totalCount: number;
  /** Levels finished so far and planned (early stopping shrinks the plan). */
  doneLevels: number;
  plannedLevels: number;
  /** Model use so far in this run (resumed instances not counted). */
  totals: Totals;
}

export interface ProfileRunResult {
  profile: Profile;
  /** Model use of this run only; the profile's cost also counts resumed instances. */
  run: Totals & { ranInstances: number; resumedInstances: number; durationMs: number; modelMs: number };
  notMeasured: PrimitiveId[];
}

const cost = (input: number, output: number, prices?: Prices) => (prices ? (input * prices.input + output * prices.output) / 1e6 : 0);

/**
 * Measures a model on the selected primitives: each level's instances run (up to `concurrency`
 * at once across all primitives), each finished instance goes to the resume log at once, and the
 * results become a profile in SkVM's format. A provider error stops the run (the log keeps what
 * finished); without function calling, tool primitives are reported as not measured.
 */
export async function runProfile(opts: ProfileRunOptions): Promise<ProfileRunResult> {
  const started = performance.now();
  const finished = opts.resume ? await opts.log.load() : new Map<string, InstanceResult>();
  if (!opts.resume) await opts.log.clear();
  const limit = createLimiter(Math.max(1, opts.concurrency));
  const abort = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, abort.signal]) : abort.signal;
  const run = { calls: 0, input: 0, output: 0, costUsd: 0, ranInstances: 0, resumedInstances: 0, durationMs: 0, modelMs: 0 };
  const measured = opts.primitives.filter((id) => opts.provider.supportsTools || !needsTools(id));
  let plannedLevels = measured.length * LEVELS.length;
  let doneLevels = 0;
  const counted: InstanceResult[] = [];

  const instanceResult = (instance: ProbeInstance) =>
    limit(async () => {
      const cached = finished.get(instance.key);
      if (cached) {
        run.resumedInstances++;
        return cached;
      }
      signal.throwIfAborted();
      try {
        const result = await runInstance(instance, opts.provider, { ...opts.settings, signal });
        Object.assign(run, {
          calls: run.calls + result.calls,
          input: run.input + result.usage.input,
          output: run.output + result.usage.output,
          ranInstances: run.ranInstances + 1,
          modelMs: run.modelMs + result.modelMs,
        });
        run.costUsd = cost(run.input, run.output, opts.prices);
        await opts.log.append(result);
        return result;
      } catch (err) {
        abort.abort(err);
        throw err;
      }
    });

  const profilePrimitive = async (id: PrimitiveId): Promise<PrimitiveDetail> => {
    const levelResults: LevelResult[] = [];
    for (const [i, level] of LEVELS.entries()) {
      const instances = generateInstances(id, level, opts.seed, opts.instances);
      const results = await Promise.all(instances.map(instanceResult));
      const passCount = results.filter((r) => r.passed).length;
      const passed = passCount === results.length;
      levelResults.push({
        level,
        passed,
        passCount,
        totalCount: results.length,
        durationMs: results.reduce((s, r) => s + r.durationMs, 0),
        costUsd: results.reduce((s, r) => s + cost(r.usage.input, r.usage.output, opts.prices), 0),
        testDescription: instances[0]?.description ?? "",
        failureDetails: results.filter((r) => !r.passed).map((r) => `instance ${r.index + 1}: ${r.reason ?? "failed"}`),
      });
      counted.push(...results);
      doneLevels++;
      if (!passed && opts.earlyStop) plannedLevels -= LEVELS.length - i - 1;
      opts.onLevel?.({ primitive: id, level, passCount, totalCount: results.length, doneLevels, plannedLevels, totals: { ...run } });
      if (!passed && opts.earlyStop) break;
    }
    return { primitiveId: id, highestLevel: highestPassed(levelResults), levelResults };
  };

  const details = await Promise.all(measured.map(profilePrimitive));
  run.durationMs = performance.now() - started;
  const notMeasured = opts.primitives.filter((id) => !measured.includes(id));
  return { profile: assemble(opts, details, counted, notMeasured, run.durationMs), run, notMeasured };
}

/** SkVM's rule: the highest level that passed, whatever happened below it (inversions are listed apart). */
export function highestPassed(levels: readonly Pick<LevelResult, "level" | "passed">[]): LevelOrZero {
  return levels.filter((l) => l.passed).map((l) => l.level).sort().at(-1) ?? "L0";
}

/** Levels that passed above one that failed: a sign of a flaky probe or a noisy model. */
export function inversions(details: readonly PrimitiveDetail[]): { primitiveId: string; passed: string; failedBelow: string }[] {
  return details.flatMap((d) =>
    d.levelResults.flatMap((hi) => (hi.passed ? d.levelResults.filter((lo) => !lo.passed && lo.level < hi.level).map((lo) => ({ primitiveId: d.primitiveId, passed: hi.level, failedBelow: lo.level })) : [])),
  );
}

/** The profile's cost counts every instance it rests on, resumed ones included: real token totals. */
function assemble(opts: ProfileRunOptions, details: PrimitiveDetail[], results: InstanceResult[], notMeasured: PrimitiveId[], durationMs: number): Profile {
  const input = results.reduce((s, r) => s + r.usage.input, 0);
  const output = results.reduce((s, r) => s + r.usage.output, 0);
  const calls = results.reduce((s, r) => s + r.calls, 0);
  const probes: ProbeRunInfo = { generator: PROBE_VERSION, seed: opts.seed, instancesPerLevel: opts.instances, earlyStop: opts.earlyStop, provider: opts.provider.kind };
  return {
    version: PROFILE_VERSION,
    model: opts.provider.model,
    harness: opts.harness,
    profiledAt: new Date().toISOString(),
    capabilities: Object.fromEntries(details.map((d) => [d.primitiveId, d.highestLevel])),
    details,
    cost: { totalUsd: cost(input, output, opts.prices), totalTokens: { input, output, cacheRead: 0, cacheWrite: 0 }, durationMs, calls },
    isPartial: false,
    notMeasured,
    inversions: inversions(details),
    probes,
  };
}
