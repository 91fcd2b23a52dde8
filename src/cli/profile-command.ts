import { LEVELS, levelNumber, PRIMITIVE_IDS, selectPrimitives, type LevelOrZero } from "../profile/catalogue.js";
import { importProfiles } from "../profile/import.js";
import { ModelError } from "../model/index.js";
import { ProfileError } from "../profile/profile-error.js";
import type { Profile } from "../profile/profile-format.js";
import { inversions, runProfile, type LevelEvent } from "../profile/profiler.js";
import { resolveProvider, type ProviderFlags } from "../profile/provider-option.js";
import { findProfile, listProfiles, resumeLogFor, saveProfile, type StoredProfile } from "../profile/store.js";
import { renderTable } from "./table.js";

export interface ProfileRunFlags extends ProviderFlags {
  harness: string;
  primitives?: string;
  instances: number;
  seed: number;
  concurrency: number;
  resume?: boolean;
  earlyStop?: boolean;
  maxSteps: number;
  maxTokens: number;
  priceInput?: number;
  priceOutput?: number;
  json?: boolean;
}

const kilo = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n));

function levelLine(e: LevelEvent): string {
  const width = String(e.plannedLevels).length;
  const t = e.totals;
  return `[${String(e.doneLevels).padStart(width)}/${e.plannedLevels}] ${e.primitive} ${e.level} ${e.passCount}/${e.totalCount} passed · calls ${t.calls} · tokens ${kilo(t.input)} in / ${kilo(t.output)} out · $${t.costUsd.toFixed(4)}`;
}

/** `skvm profile`: measures a model on the primitives, writes the profile, prints its levels. */
export async function profileRunCommand(flags: ProfileRunFlags): Promise<number> {
  return guarded("profile", async () => {
    const patterns = (flags.primitives ?? "*").split(",").map((p) => p.trim()).filter(Boolean);
    const { ids, unmatched } = selectPrimitives(patterns);
    if (unmatched.length) throw new ProfileError("PROFILE_BAD_OPTION", `--primitives: ${unmatched.join(", ")} matches no primitive`, `primitives are ${PRIMITIVE_IDS.join(", ")}`);
    if (flags.instances < 1) throw new ProfileError("PROFILE_BAD_OPTION", "--instances must be at least 1", "3 is SkVM's default");
    const provider = await resolveProvider(flags);
    const log = resumeLogFor(flags.harness, provider.model);
    const abort = new AbortController();
    const onSigint = () => abort.abort(new ProfileError("PROFILE_INTERRUPTED", "interrupted", "run the same command with --resume to continue"));
    process.once("SIGINT", onSigint);
    process.once("SIGTERM", onSigint);
    try {
      const result = await runProfile({
        provider,
        harness: flags.harness,
        primitives: ids,
        instances: flags.instances,
        seed: flags.seed,
        concurrency: flags.concurrency,
        earlyStop: flags.earlyStop ?? false,
        settings: { maxSteps: flags.maxSteps, maxTokens: flags.maxTokens },
        log,
        resume: flags.resume ?? false,
        prices: flags.priceInput !== undefined || flags.priceOutput !== undefined ? { input: flags.priceInput ?? 0, output: flags.priceOutput ?? 0 } : undefined,
        signal: abort.signal,
        onLevel: (e) => process.stderr.write(`${levelLine(e)}\n`),
      }).catch((err: unknown) => {
        if (abort.signal.aborted) throw abort.signal.reason;
        throw new ProfileError("PROFILE_PROVIDER", `${(err as Error).message}`, "finished instances are kept: fix the cause and run the same command with --resume");
      });
      const path = await saveProfile(result.profile);
      await log.clear();
      if (result.notMeasured.length) process.stderr.write(`not measured (the provider cannot call tools): ${result.notMeasured.join(", ")}\n`);
      const summary = { path, run: result.run, notMeasured: result.notMeasured };
      process.stdout.write(flags.json ? `${JSON.stringify({ ...summary, profile: result.profile }, null, 2)}\n` : `${showText({ id: path, path, source: "measured", profile: result.profile })}\nwritten to ${path}\n`);
      return 0;
    } finally {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
    }
  });
}

export async function profileListCommand(opts: { json?: boolean }): Promise<number> {
  return guarded("profile list", async () => {
    const all = await listProfiles();
    const rows = all.map((p) => ({ id: p.id, model: p.profile.model, harness: p.profile.harness, profiledAt: p.profile.profiledAt, primitives: Object.keys(p.profile.capabilities).length, source: p.source, path: p.path }));
    if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else process.stdout.write(`${renderTable(["id", "model", "harness", "profiled", "primitives", "source"], rows.map((r) => [r.id, r.model, r.harness, r.profiledAt.slice(0, 10), `${r.primitives}/${PRIMITIVE_IDS.length}`, r.source]))}\n`);
    return 0;
  });
}

export async function profileShowCommand(ref: string, opts: { json?: boolean }): Promise<number> {
  return guarded("profile show", async () => {
    const stored = await findProfile(ref);
    process.stdout.write(opts.json ? `${JSON.stringify({ id: stored.id, path: stored.path, source: stored.source, profile: stored.profile }, null, 2)}\n` : `${showText(stored)}\n`);
    return 0;
  });
}

export async function profileDiffCommand(a: string, b: string, opts: { json?: boolean }): Promise<number> {
  return guarded("profile diff", async () => {
    const [left, right] = [await findProfile(a), await findProfile(b)];
    const rows = PRIMITIVE_IDS.map((id) => {
      const [x, y] = [left.profile.capabilities[id], right.profile.capabilities[id]];
      const delta = x && y ? levelNumber(y) - levelNumber(x) : undefined;
      return { primitive: id, a: x ?? null, b: y ?? null, delta: delta ?? null };
    });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ a: left.id, b: right.id, rows }, null, 2)}\n`);
      return 0;
    }
    const change = (d: number | null) => (d === null ? "?" : d > 0 ? `+${d}` : d < 0 ? String(d) : "");
    process.stdout.write(`A = ${left.id}\nB = ${right.id}\n\n${renderTable(["primitive", "A", "B", "B-A"], rows.map((r) => [r.primitive, r.a ?? "-", r.b ?? "-", change(r.delta)]))}\n`);
    return 0;
  });
}

export async function profileImportCommand(target: string, opts: { json?: boolean }): Promise<number> {
  return guarded("profile import", async () => {
    const reports = await importProfiles(target);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      return 0;
    }
    for (const r of reports) {
      const notes = [r.missing.length ? `no level for ${r.missing.join(", ")}` : "", r.isPartial ? "marked partial (isPartial)" : ""].filter(Boolean);
      process.stdout.write(`imported ${r.id} (${PRIMITIVE_IDS.length - r.missing.length}/${PRIMITIVE_IDS.length} primitives${notes.length ? `; ${notes.join("; ")}` : ""})\n`);
    }
    return 0;
  });
}

const bar = (level: LevelOrZero | undefined) => (level ? `${"█".repeat(levelNumber(level) * 3)}${"·".repeat((3 - levelNumber(level)) * 3)}` : "");

/** A profile for people: one row per primitive with a bar, the pass counts per level, and notes. */
export function showText(stored: StoredProfile): string {
  const p: Profile = stored.profile;
  const details = new Map(p.details.map((d) => [d.primitiveId, d]));
  const rows = PRIMITIVE_IDS.map((id) => {
    const level = p.capabilities[id];
    const counts = LEVELS.map((l) => {
      const r = details.get(id)?.levelResults.find((x) => x.level === l);
      return r ? `${r.passCount}/${r.totalCount}` : "";
    });
    return [id, level ?? "-", bar(level), ...counts];
  });
  const notes: string[] = [];
  const missing = PRIMITIVE_IDS.filter((id) => !(id in p.capabilities));
  if (missing.length) notes.push(`no level for: ${missing.join(", ")}`);
  if (p.isPartial) notes.push("partial profile (isPartial)");
  const inv = inversions(p.details);
  if (inv.length) notes.push(`inversions: ${inv.map((i) => `${i.primitiveId} ${i.passed} passed, ${i.failedBelow} failed`).join("; ")}`);
  const tokens = p.cost?.totalTokens;
  const header = [
    `${stored.id}  (${stored.source})`,
    `model ${p.model} · harness ${p.harness} · profiled ${p.profiledAt}${tokens ? ` · tokens ${tokens.input} in / ${tokens.output} out` : ""}`,
  ];
  return [...header, "", renderTable(["primitive", "level", "", "L1", "L2", "L3"], rows), ...(notes.length ? ["", ...notes] : [])].join("\n");
}

async function guarded(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof ModelError) {
      process.stderr.write(`skvm ${command}: ${err.message}\n`);
      return 2;
    }
    if (!(err instanceof ProfileError)) throw err;
    process.stderr.write(`skvm ${command}: ${err.message}\n  hint: ${err.hint}\n`);
    return err.code === "PROFILE_INTERRUPTED" ? 130 : 2;
  }
}

