import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { log } from "../log.js";
import type { Catalog, CatalogSkill } from "./catalog.js";

/** A skill as the index holds it. */
export interface SkillDoc {
  name: string;
  description: string;
  headings: string;
}

/** One ranked skill and why it matched: each word of the skill that matched, and the fields it is in. */
export interface SkillHit {
  name: string;
  score: number;
  matched: { term: string; fields: string[] }[];
}

export interface SearchResult {
  total: number;
  hits: SkillHit[];
}

/**
 * What the index thread is sent: a saved index to read ahead (before the catalog is known), a
 * catalog to index (in order, so a query waits for the index before it), or a query.
 */
export type IndexMessage =
  | { kind: "preload"; file: string }
  | { kind: "index"; docs: SkillDoc[]; file?: string }
  | { kind: "search"; id: number; query: string; limit: number };
/** What it answers to a query. */
export type IndexReply = { id: number; result: SearchResult } | { id: number; error: string };

/**
 * The catalog's search index (MiniSearch: BM25+ over name, description and headings, stemmed,
 * with prefix and fuzzy matching), kept in a thread of its own: it is built (or read back from
 * the file beside the compile cache, when the catalog is the same) as soon as the server starts,
 * on the other core, so neither the first answer nor any request waits for it on the main thread.
 * A changed catalog is sent again; a query waits for the index sent before it, never scans.
 */
export class SkillSearch {
  readonly #catalog: Catalog;
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, { resolve: (r: SearchResult) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
    catalog.onChange(() => this.#worker && this.#sendCatalog(this.#worker));
  }

  /** Starts the index thread (once) with the catalog as it stands. */
  warm(): Worker {
    return (this.#worker ??= this.#spawn());
  }

  /** Searches the catalog as it stands (the one read from the compile cache while verification runs: names and descriptions are listings). */
  search(query: string, limit: number): Promise<SearchResult> {
    const worker = this.warm();
    const id = this.#nextId++;
    return new Promise<SearchResult>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ kind: "search", id, query, limit } satisfies IndexMessage);
    });
  }

  #spawn(): Worker {
    const file = this.#catalog.searchIndexFile;
    const worker = (file !== undefined && takePreloaded(file)) || indexThread();
    worker.on("message", (reply: IndexReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if ("error" in reply) waiting?.reject(new Error(`find_skills: ${reply.error}`));
      else waiting?.resolve(reply.result);
    });
    // A thread that dies fails the queries it held; the next query starts a new one.
    const fail = (why: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const { reject } of this.#waiting.values()) reject(new Error(`find_skills: the search index stopped (${why}); try again`));
      this.#waiting.clear();
    };
    worker.on("error", (err) => {
      log.warn(`search index thread failed: ${err.message}`);
      fail(err.message);
    });
    worker.on("exit", (code) => fail(`exit ${code}`));
    this.#sendCatalog(worker);
    return worker;
  }

  #sendCatalog(worker: Worker): void {
    const file = this.#catalog.searchIndexFile;
    worker.postMessage({ kind: "index", docs: this.#catalog.skills.map(docOf), ...(file ? { file } : {}) } satisfies IndexMessage);
  }
}

const docOf = ({ name, listing }: CatalogSkill): SkillDoc => ({ name, description: listing.description, headings: (listing.headings ?? []).join("\n") });

/** Index threads started before their catalog was read, by index file (see preloadSearchIndex). */
const preloaded = new Map<string, Worker>();

/**
 * A saved index smaller than this is read after the catalog (a few ms): reading it ahead only
 * competes with the start for the CPU (1,000 generated skills: 0.16 MB). A larger one (the
 * openclaw dump's 2,287 skills: 0.87 MB; 5,000 generated skills: 0.78 MB) is worth it: the
 * first query right after tools/list no longer waits for it to be read.
 */
const PRELOAD_MIN_BYTES = 512 * 1024;

/**
 * Starts the index thread and has it read the saved index in `file` while the catalog itself is
 * still being read (a server start), when the index is large: the catalog's first SkillSearch
 * takes it over, and uses what it read when the digest matches.
 */
export function preloadSearchIndex(file: string): void {
  if (preloaded.has(file) || (statSync(file, { throwIfNoEntry: false })?.size ?? 0) < PRELOAD_MIN_BYTES) return;
  const worker = indexThread();
  worker.postMessage({ kind: "preload", file } satisfies IndexMessage);
  preloaded.set(file, worker);
}

function takePreloaded(file: string): Worker | undefined {
  const worker = preloaded.get(file);
  preloaded.delete(file);
  return worker;
}

function indexThread(): Worker {
  const worker = new Worker(new URL("./find-skills-worker.js", import.meta.url));
  // An idle index never keeps the server alive.
  worker.unref();
  return worker;
}
