import { availableParallelism } from "node:os";
import { mapLimit } from "../concurrency.js";
import { log } from "../log.js";
import type { EnvSkill } from "./env-skill.js";
import { toolchainVersions, verdictKey } from "./fingerprint.js";
import { DEFAULT_VERIFY_TIMEOUT_MS, runVerify } from "./verify.js";
import { READY, unknownVerdict, type EnvVerdict } from "./verdict.js";
import { readStoredVerdict, removeStoredVerdict, writeStoredVerdict, type StoredVerdict } from "./verdict-store.js";

export const DEFAULT_VERDICT_TTL_MS = 10 * 60_000;

export interface EnvCheckerOptions {
  /** How long a verdict stays good when nothing it depends on changed (default 10 min). */
  ttlMs?: number;
  /** Per verify run (default 15 s). */
  timeoutMs?: number;
  /** The environment checked (PATH, declared variables); read at each check. Default process.env. */
  parent?: NodeJS.ProcessEnv;
  /** The clock, for tests. */
  now?: () => number;
}

type Memory = StoredVerdict | "invalidated";

/**
 * Verdicts of env/verify.sh, cached in memory and in each skill's state folder under a key of
 * everything they depend on (see fingerprint.ts), so repeated checks and restarts are free.
 * Checks never throw; concurrent checks of one skill share a run.
 */
export class EnvChecker {
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #parent: NodeJS.ProcessEnv;
  readonly #now: () => number;
  readonly #memory = new Map<string, Memory>();
  readonly #inflight = new Map<string, Promise<EnvVerdict>>();
  // Bumped by invalidate(): a run that started before must not store its stale verdict.
  readonly #generation = new Map<string, number>();
  readonly #removals = new Map<string, Promise<void>>();
  readonly #toolchains = new Map<string, { at: number; versions: Promise<string> }>();

  constructor(opts: EnvCheckerOptions = {}) {
    this.#ttlMs = opts.ttlMs ?? DEFAULT_VERDICT_TTL_MS;
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
    this.#parent = opts.parent ?? process.env;
    this.#now = opts.now ?? Date.now;
  }

  check(skill: EnvSkill): Promise<EnvVerdict> {
    if (!skill.manifest.env) return Promise.resolve(READY);
    const pending = this.#inflight.get(skill.name);
    if (pending) return pending;
    const run = this.#check(skill)
      .catch((err: unknown) => unknownVerdict(`environment check failed: ${(err as Error).message}`))
      .finally(() => {
        if (this.#inflight.get(skill.name) === run) this.#inflight.delete(skill.name);
      });
    this.#inflight.set(skill.name, run);
    return run;
  }

  /**
   * The verdict on record (memory or disk) for this exact environment, without running verify;
   * undefined when there is none or what it depends on changed. Its age is not held against it:
   * it answers a first listing, and the check that follows replaces it. A skill that requires
   * nothing is ready: its generated verify.sh can only say so.
   */
  async cached(skill: EnvSkill): Promise<EnvVerdict | undefined> {
    if (requiresNothing(skill)) return READY;
    const known = await this.#known(skill);
    if (!known) return undefined;
    const key = await verdictKey(skill, this.#parent, await this.#toolchain());
    return known.key === key ? known.verdict : undefined;
  }

  /** Verdicts in the order of `skills`, at most `concurrency` verify runs at a time. */
  checkAll(skills: readonly EnvSkill[], opts: { concurrency?: number } = {}): Promise<EnvVerdict[]> {
    return mapLimit(skills, opts.concurrency ?? availableParallelism() * 2, (skill) => this.check(skill));
  }

  /**
   * Forgets the skill's verdict here at once and on disk when the returned promise settles (this
   * checker already ignores the disk copy; await it only when another process must not see it).
   */
  invalidate(skill: Pick<EnvSkill, "name" | "dir">): Promise<void> {
    const { name } = skill;
    this.#memory.set(name, "invalidated");
    this.#inflight.delete(name);
    this.#generation.set(name, (this.#generation.get(name) ?? 0) + 1);
    const removal = removeStoredVerdict(skill).catch(() => undefined);
    this.#removals.set(name, removal);
    return removal;
  }

  async #check(skill: EnvSkill): Promise<EnvVerdict> {
    const generation = this.#generation.get(skill.name) ?? 0;
    const key = await verdictKey(skill, this.#parent, await this.#toolchain());
    const known = await this.#known(skill);
    if (known && known.key === key && this.#now() - known.checkedAt < this.#ttlMs) return known.verdict;
    const verdict = await runVerify(skill, { timeoutMs: this.#timeoutMs, parent: this.#parent });
    if (generation === (this.#generation.get(skill.name) ?? 0)) await this.#remember(skill, { key, checkedAt: this.#now(), verdict });
    return verdict;
  }

  async #known(skill: EnvSkill): Promise<StoredVerdict | undefined> {
    const { name } = skill;
    const memory = this.#memory.get(name);
    if (memory === "invalidated") return undefined;
    // Servers sharing SKVM_HOME (stateless HTTP: any of them answers any request) each remember
    // verdicts; one that another server checked or installed since is newer on disk, and wins.
    const stored = await readStoredVerdict(skill);
    const newest = memory && (!stored || stored.checkedAt <= memory.checkedAt) ? memory : stored;
    if (newest && newest !== memory && this.#memory.get(name) === memory) this.#memory.set(name, newest);
    return newest;
  }

  async #remember(skill: EnvSkill, entry: StoredVerdict): Promise<void> {
    const { name } = skill;
    this.#memory.set(name, entry);
    // An error (timeout, crash) stays in memory only: the next process should try again.
    if (entry.verdict.error) return;
    await this.#removals.get(name);
    await writeStoredVerdict(skill, entry).catch((err: unknown) => log.warn(`could not store the env verdict of ${name}: ${(err as Error).message}`));
  }

  /** Interpreter versions for the current PATH, refreshed as often as verdicts expire. */
  #toolchain(): Promise<string> {
    const path = this.#parent.PATH ?? "";
    const cached = this.#toolchains.get(path);
    if (cached && this.#now() - cached.at < this.#ttlMs) return cached.versions;
    const versions = toolchainVersions(path);
    this.#toolchains.set(path, { at: this.#now(), versions });
    return versions;
  }
}

/** A skill that requires nothing (no packages, executables, variables or platform): ready, whatever verify would run. */
export function requiresNothing({ manifest: { env } }: EnvSkill): boolean {
  return !env || (Object.values(env.requires).every((list) => list.length === 0) && env.os.length === 0);
}
