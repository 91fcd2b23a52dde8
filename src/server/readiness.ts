import { READY, requiresNothing, type EnvChecker, type EnvVerdict } from "../env/index.js";
import type { Catalog, CatalogSkill } from "./catalog.js";

type Listener = () => void;

export interface ReadinessOptions {
  /** The CLI command that installs a skill's environment, as a user would paste it (with --skills etc.). */
  installCommand?: (name: string) => string;
}

/**
 * Which skills' environments are ready (PASS-2 verify scripts), kept per process and shared by
 * every session. A skill counts as runnable only once a verdict says so: what a client is offered
 * is true from the first listing. Listeners hear when a skill flips, so exposure and tool lists follow.
 */
export class Readiness {
  readonly #verdicts = new Map<string, EnvVerdict>();
  readonly #listeners = new Set<Listener>();
  readonly #installCommand: (name: string) => string;

  constructor(
    readonly catalog: Catalog,
    readonly checker: EnvChecker,
    opts: ReadinessOptions = {},
  ) {
    this.#installCommand = opts.installCommand ?? ((name) => `skvm env install ${name}`);
    // A recompiled skill may need something new; verdicts are cached per manifest, so this is cheap.
    // Skills that require nothing are ready before the tool lists follow the change (no check to wait for).
    catalog.onChange(() => {
      for (const skill of catalog.skills) if (requiresNothing(skill)) this.#set(skill.name, READY);
      void this.refreshAll();
    });
  }

  verdict(name: string): EnvVerdict | undefined {
    return this.#verdicts.get(name);
  }

  /** True once a verdict said the environment is ready; a skill not checked yet is not offered. */
  isRunnable(name: string): boolean {
    return this.#verdicts.get(name)?.ready ?? false;
  }

  /**
   * Takes the verdicts already on record for this very environment (no verify runs), so the first
   * listing after a start is right. Call before serving, for the skills that would have tools of
   * their own (the others are gated when used); skills without a verdict wait for refreshAll.
   */
  async primeFromCache(skills: readonly CatalogSkill[] = this.catalog.skills): Promise<void> {
    await this.#adopt(skills);
  }

  /** One line a model can act on: what is missing and how to fix it (see describeNotReady). */
  describeNotReady(name: string, verdict: EnvVerdict): string {
    return describeNotReady(name, verdict, this.#installCommand(name));
  }

  /** The pasteable CLI command that installs the skill's environment. */
  installCommand(name: string): string {
    return this.#installCommand(name);
  }

  /**
   * The skill's verdict, checking now if it has none yet. The one on record wins when there is
   * one: another server sharing SKVM_HOME may have installed or re-checked since.
   */
  async verdictFor(skill: CatalogSkill): Promise<EnvVerdict> {
    const onRecord = await this.checker.cached(skill);
    if (onRecord) return this.#record(skill, onRecord);
    return this.#verdicts.get(skill.name) ?? this.#record(skill, await this.checker.check(skill));
  }

  /** Takes the verdicts on record for every skill (another server's included) and tells listeners what flipped. */
  async adoptRecorded(): Promise<void> {
    if (await this.#adopt(this.catalog.skills)) this.#emit();
  }

  /** Takes the verdicts on record (no verify runs); true when one flipped. */
  async #adopt(skills: readonly CatalogSkill[]): Promise<boolean> {
    const verdicts = await Promise.all(skills.map((skill) => this.checker.cached(skill)));
    let changed = false;
    for (const [i, skill] of skills.entries()) changed = this.#set(skill.name, verdicts[i]) || changed;
    return changed;
  }

  /** Checks every skill (cached verdicts come back at once). */
  async refreshAll(): Promise<void> {
    const skills = this.catalog.skills;
    const verdicts = await this.checker.checkAll(skills);
    let changed = false;
    for (const [i, skill] of skills.entries()) changed = this.#set(skill.name, verdicts[i]) || changed;
    if (changed) this.#emit();
  }

  /** Forgets the cached verdict and checks again, e.g. after installing. */
  async recheck(skill: CatalogSkill): Promise<EnvVerdict> {
    this.checker.invalidate(skill);
    return this.#record(skill, await this.checker.check(skill));
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #record(skill: CatalogSkill, verdict: EnvVerdict): EnvVerdict {
    if (this.#set(skill.name, verdict)) this.#emit();
    return verdict;
  }

  /** Stores a verdict; true when the skill's runnability flipped or it was first seen. */
  #set(name: string, verdict: EnvVerdict | undefined): boolean {
    if (!verdict) return false;
    const before = this.#verdicts.get(name);
    this.#verdicts.set(name, verdict);
    return before?.ready !== verdict.ready || JSON.stringify(before?.missing) !== JSON.stringify(verdict.missing);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

const KIND_LABEL: Record<EnvVerdict["missing"][number]["kind"], string> = {
  python: "Python package",
  node: "npm package",
  bins: "executable",
  env: "environment variable (set it and allow it in SKVM_ALLOW_ENV)",
  os: "operating system",
};

/** What is missing, in words. */
export function missingText(verdict: EnvVerdict): string {
  if (verdict.error) return `the environment check failed: ${verdict.error}`;
  return `missing ${verdict.missing.map((m) => `${KIND_LABEL[m.kind]} ${m.name}`).join(", ")}`;
}

/** One line a model can act on: what is missing and how to fix it (the tool, or `installCommand` in a terminal). */
function describeNotReady(name: string, verdict: EnvVerdict, installCommand: string): string {
  return `ENV_NOT_READY: skill "${name}" cannot run yet: ${missingText(verdict)}. Fix it with the env_setup tool {"skill": "${name}"} or in a terminal: ${installCommand}`;
}
