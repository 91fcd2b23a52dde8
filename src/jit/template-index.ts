import { similarity } from "./fingerprint.js";
import type { JitLang, Template } from "./schema.js";

export interface IndexedTemplate {
  skill: string;
  template: Template;
}

export interface Scope {
  lang: JitLang;
  /** Only this skill's templates; all skills when absent. */
  skill?: string;
}

/** A k-gram shared by more templates than this says little about any one of them (a stop-gram). */
const STOP_GRAM_FRACTION = 0.1;
const STOP_GRAM_MIN = 64;

/**
 * Every served template, found by exact fingerprint (a hash lookup) or by shared winnowed k-grams
 * (an inverted index), so matching cost barely grows with the number of templates.
 */
export class TemplateIndex {
  readonly #exact = new Map<string, IndexedTemplate[]>();
  readonly #grams = new Map<number, IndexedTemplate[]>();
  readonly #bySkill = new Map<string, IndexedTemplate[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Replaces a skill's templates. */
  set(skill: string, templates: readonly Template[]): void {
    this.remove(skill);
    const entries = templates.map((template) => ({ skill, template }));
    this.#bySkill.set(skill, entries);
    this.#size += entries.length;
    for (const entry of entries) {
      push(this.#exact, entry.template.fingerprint, entry);
      for (const gram of entry.template.kgrams) push(this.#grams, gram, entry);
    }
  }

  remove(skill: string): void {
    const entries = this.#bySkill.get(skill);
    if (!entries) return;
    this.#bySkill.delete(skill);
    this.#size -= entries.length;
    const gone = new Set(entries);
    const prune = <K>(map: Map<K, IndexedTemplate[]>, key: K) => {
      const left = (map.get(key) ?? []).filter((e) => !gone.has(e));
      if (left.length) map.set(key, left);
      else map.delete(key);
    };
    for (const { template } of entries) {
      prune(this.#exact, template.fingerprint);
      for (const gram of template.kgrams) prune(this.#grams, gram);
    }
  }

  templates(skill: string): IndexedTemplate[] {
    return this.#bySkill.get(skill) ?? [];
  }

  find(skill: string, id: string): IndexedTemplate | undefined {
    return this.templates(skill).find((e) => e.template.id === id);
  }

  exact(fingerprint: string, scope: Scope): IndexedTemplate[] {
    return (this.#exact.get(fingerprint) ?? []).filter((e) => inScope(e, scope));
  }

  /** Candidates by k-gram similarity, best first. */
  near(kgrams: readonly number[], scope: Scope, limit = 3): { entry: IndexedTemplate; score: number }[] {
    const shared = new Map<IndexedTemplate, number>();
    const stop = Math.max(STOP_GRAM_MIN, this.#size * STOP_GRAM_FRACTION);
    for (const gram of kgrams) {
      const posting = this.#grams.get(gram);
      if (!posting || posting.length > stop) continue;
      for (const entry of posting) if (inScope(entry, scope)) shared.set(entry, (shared.get(entry) ?? 0) + 1);
    }
    // Scoped to one skill, every template of the skill is a candidate even without a shared gram.
    if (scope.skill) for (const entry of this.templates(scope.skill)) if (inScope(entry, scope) && !shared.has(entry)) shared.set(entry, 0);
    return [...shared.keys()]
      .map((entry) => ({ entry, score: similarity(entry.template.kgrams, kgrams) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

const inScope = (entry: IndexedTemplate, scope: Scope): boolean =>
  entry.template.lang === scope.lang && (scope.skill === undefined || entry.skill === scope.skill);

function push<K>(map: Map<K, IndexedTemplate[]>, key: K, entry: IndexedTemplate): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
