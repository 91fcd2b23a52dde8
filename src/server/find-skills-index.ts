import type MiniSearch from "minisearch";
import type { Catalog, CatalogSkill } from "./catalog.js";

/** A skill as the index holds it. */
interface SkillDoc {
  name: string;
  description: string;
  headings: string;
}

/** One ranked skill and why it matched: each word of the skill that matched, and the fields it is in. */
export interface SkillHit {
  name: string;
  description: string;
  score: number;
  matched: { term: string; fields: string[] }[];
}

/** A name match outweighs a description match, which outweighs a heading. */
const BOOST = { name: 3, description: 1.5, headings: 1 };

/**
 * The catalog's search index (MiniSearch: BM25+ over name, description and headings, stemmed,
 * with prefix and fuzzy matching). Built off the first-answer path: shortly after the server
 * starts, or on first use; rebuilt on first use after the catalog changes.
 */
export class SkillSearch {
  #index: Promise<Index> | undefined;
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
    catalog.onChange(() => (this.#index = undefined));
  }

  /** Builds the index now if it is not built (a server calls it when idle, so the first query finds it ready). */
  warm(): Promise<unknown> {
    this.#index ??= buildIndex(this.#catalog.skills);
    return this.#index;
  }

  /**
   * Searches the catalog as it stands: the one read from the compile cache while verification
   * runs (names and descriptions are listings; load_skill waits for verified content), and a
   * changed catalog is indexed again.
   */
  async search(query: string, limit: number): Promise<{ total: number; hits: SkillHit[] }> {
    const { index, queryTerms } = await (this.#index ??= buildIndex(this.#catalog.skills));
    const results = index.search(query, {
      boost: BOOST,
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      processTerm: queryTerms,
    });
    return {
      total: results.length,
      hits: results.slice(0, limit).map((r) => ({
        name: r.id as string,
        description: String(r.description),
        score: Math.round(r.score * 100) / 100,
        matched: Object.entries(r.match).map(([term, fields]) => ({ term, fields })),
      })),
    };
  }
}

interface Index {
  index: MiniSearch<SkillDoc>;
  queryTerms: (term: string) => string[] | null;
}

async function buildIndex(skills: readonly CatalogSkill[]): Promise<Index> {
  // Loaded on first use (the library, the stemmer and its tables): a starting server never pays for them.
  const [{ default: MiniSearchClass }, { indexTerm, queryTerms }] = await Promise.all([import("minisearch"), import("./find-skills-terms.js")]);
  const index = new MiniSearchClass<SkillDoc>({
    idField: "name",
    fields: ["name", "description", "headings"],
    storeFields: ["description"],
    processTerm: indexTerm,
  });
  index.addAll(
    skills.map((s) => ({ name: s.name, description: s.manifest.skill.description, headings: (s.manifest.skill.headings ?? []).join("\n") })),
  );
  return { index, queryTerms };
}
