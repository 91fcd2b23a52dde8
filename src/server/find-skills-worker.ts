// The search index's own thread (see find-skills-index.ts): indexes catalogs and answers queries, in the order sent.
import { parentPort } from "node:worker_threads";
import MiniSearch from "minisearch";
import { indexDigest, readSavedIndex, saveIndex, type SavedIndex } from "./find-skills-saved.js";
import { indexTerm, queryTerms } from "./find-skills-terms.js";
import type { IndexMessage, IndexReply, SearchResult, SkillDoc } from "./find-skills-index.js";

/** A name match outweighs a description match, which outweighs a heading. */
const BOOST = { name: 3, description: 1.5, headings: 1 };
// Nothing stored: the server has every description at hand, and a smaller index reads back faster.
const OPTIONS = { idField: "name", fields: ["name", "description", "headings"], processTerm: indexTerm };

let index: MiniSearch<SkillDoc> | undefined;
/** A saved index read ahead, before the catalog it must match was sent. */
let early: { file: string; saved: SavedIndex<SkillDoc> | undefined } | undefined;

parentPort?.on("message", (message: IndexMessage) => {
  if (message.kind === "preload") {
    early = { file: message.file, saved: readSavedIndex(message.file, OPTIONS) };
    warmUp(early.saved?.index);
    return;
  }
  if (message.kind === "index") {
    index = indexOf(message.docs, message.file);
    return;
  }
  try {
    parentPort?.postMessage({ id: message.id, result: search(message.query, message.limit) } satisfies IndexReply);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: (err as Error).message } satisfies IndexReply);
  }
});

/**
 * The index of these skills: read back from `file` when it was written for the very same skills
 * (its first line is their digest), else built and written there for the next start.
 */
function indexOf(docs: SkillDoc[], file: string | undefined): MiniSearch<SkillDoc> {
  const digest = indexDigest(docs);
  const saved = file === undefined ? undefined : early?.file === file ? early.saved : readSavedIndex(file, OPTIONS, digest);
  early = undefined;
  // The count too: a state restored into a library that reads it otherwise is built again (see find-skills-saved.ts).
  if (saved?.digest === digest && saved.index.documentCount === docs.length) return saved.index;
  const built = new MiniSearch<SkillDoc>(OPTIONS);
  built.addAll(docs);
  if (file) void saveIndex(file, digest, built).catch(() => undefined);
  return built;
}

const SEARCH_OPTIONS = {
  boost: BOOST,
  prefix: (term: string) => term.length >= 3,
  fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
  processTerm: queryTerms,
};

/**
 * One query nobody asked, while the thread waits for the catalog: the first search of a fresh
 * thread compiles the search code (40-100 ms on the openclaw index), which the first real
 * find_skills, often sent right after the first tools/list, would otherwise wait for.
 */
function warmUp(read: MiniSearch<SkillDoc> | undefined): void {
  read?.search("summarize documents", SEARCH_OPTIONS);
}

function search(query: string, limit: number): SearchResult {
  if (!index) return { total: 0, hits: [] };
  const results = index.search(query, SEARCH_OPTIONS);
  return {
    total: results.length,
    hits: results.slice(0, limit).map((r) => ({
      name: r.id as string,
      score: Math.round(r.score * 100) / 100,
      matched: Object.entries(r.match).map(([term, fields]) => ({ term, fields })),
    })),
  };
}
