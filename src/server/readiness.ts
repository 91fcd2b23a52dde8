import type { EnvChecker, EnvVerdict } from "../env/index.js";
import type { Catalog, CatalogSkill } from "./catalog.js";

type Listener = () => void;

/**
 * Which skills' environments are ready (PASS-2 verify scripts), kept per process and shared by
 * every session. A skill not checked yet counts as runnable; tools that run code wait for its
 * verdict. Listeners hear when a skill flips, so exposure and tool lists follow.
 */
export class Readiness {
  readonly #verdicts = new Map<string, EnvVerdict>();
  readonly #listeners = new Set<Listener>();

  constructor(
    readonly catalog: Catalog,
    readonly checker: EnvChecker,
  ) {
    // A recompiled skill may need something new; verdicts are cached per manifest, so this is cheap.
    catalog.onChange(() => void this.refreshAll());
  }

  verdict(name: string): EnvVerdict | undefined {
    return this.#verdicts.get(name);
  }

  /** False only once a check said the environment is missing something. */
  isRunnable(name: string): boolean {
    return this.#verdicts.get(name)?.ready ?? true;
  }

  /** The skill's verdict, checking now if it has none yet. */
  async verdictFor(skill: CatalogSkill): Promise<EnvVerdict> {
    return this.#verdicts.get(skill.name) ?? this.#record(skill, await this.checker.check(skill));
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

/** One line a model can act on: what is missing and how to fix it. */
export function describeNotReady(name: string, verdict: EnvVerdict): string {
  const missing = verdict.missing.map((m) => `${KIND_LABEL[m.kind]} ${m.name}`);
  const why = verdict.error ? `the environment check failed: ${verdict.error}` : `missing ${missing.join(", ")}`;
  return `ENV_NOT_READY: skill "${name}" cannot run yet: ${why}. Fix it with the env_setup tool {"skill": "${name}"} or \`skvm env install ${name}\`.`;
}
