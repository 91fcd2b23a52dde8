// The find_skills index as saved between starts (read and written by its thread, find-skills-worker.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import MiniSearch, { type Options } from "minisearch";
import { writeFileAtomic } from "../compiler/atomic-write.js";

/**
 * MiniSearch's documented round trip (`toJSON`, `loadJSON`) rebuilds the radix tree term by term:
 * 300 ms of a fresh thread for the openclaw dump's index (8,500 terms, 113,000 postings), and most
 * of what the first find_skills waited for. Its state as V8 serializes it (the maps as they are)
 * reads back in about 60 ms. That reaches into the library's fields, so it is guarded: the saved
 * state must have exactly the fields a new index has (a library that changed them reads as no
 * saved index, and the index is built again), and a read that fails for any reason does the same.
 */
type State = Record<string, unknown>;

/**
 * What the saved index's first line holds: a digest of the documents indexed and of the form they
 * were saved in. An index saved with other options, in another form or by another version of the
 * library (whose fields may keep their names but not their meaning) is built again.
 */
export function indexDigest(docs: readonly object[]): string {
  return createHash("sha256").update(INDEX_LAYOUT).update(JSON.stringify(docs)).digest("hex");
}

/**
 * The library's code as it runs here (MiniSearch and its radix tree): what its saved state means
 * is in that code, which a version bump or a rebuild of the bundle may change.
 */
const LIBRARY = createHash("sha256")
  .update(String(MiniSearch))
  .update(String((new MiniSearch({ fields: ["name"] }) as unknown as { _index: object })._index.constructor))
  .digest("hex");

const INDEX_LAYOUT = `v8-state, no stored fields, ${LIBRARY}\n`;

/** Working state, not data: how a vacuum after discards runs (never while saved). */
const NOT_DATA = new Set(["_options", "_index", "_currentVacuum", "_enqueuedVacuum", "_enqueuedVacuumConditions"]);

export interface SavedIndex<T> {
  /** The first line of the file: what the index was built from (see the worker's digest). */
  digest: string;
  index: MiniSearch<T>;
}

/** Writes the index after a line with its digest; a file that cannot be written only costs the next start a build. */
export function saveIndex<T>(file: string, digest: string, index: MiniSearch<T>): Promise<void> {
  const state = index as unknown as State & { _index: State };
  const fields = Object.fromEntries(Object.entries(state).filter(([key]) => !NOT_DATA.has(key)));
  const payload = serialize({ fields, tree: state._index._tree });
  return writeFileAtomic(file, Buffer.concat([Buffer.from(`${digest}\n`), payload]));
}

/** The index saved in `file`, when it is there, whole, and (if `wanted` is given) saved for that digest. */
export function readSavedIndex<T>(file: string, options: Options<T>, wanted?: string): SavedIndex<T> | undefined {
  try {
    const bytes = readFileSync(file);
    const newline = bytes.indexOf(0x0a);
    const digest = bytes.toString("latin1", 0, newline);
    if (newline < 0 || (wanted !== undefined && digest !== wanted)) return undefined;
    const index = restore(deserialize(bytes.subarray(newline + 1)) as { fields?: State; tree?: unknown }, options);
    return index && { digest, index };
  } catch {
    // Missing, torn or written otherwise: build it again.
    return undefined;
  }
}

function restore<T>(saved: { fields?: State; tree?: unknown }, options: Options<T>): MiniSearch<T> | undefined {
  const index = new MiniSearch<T>(options);
  const state = index as unknown as State & { _index: State };
  const expected = Object.keys(state).filter((key) => !NOT_DATA.has(key)).sort();
  const fields = saved.fields ?? {};
  if (Object.keys(fields).sort().join() !== expected.join() || !("_tree" in state._index) || !(saved.tree instanceof Map)) return undefined;
  Object.assign(state, fields);
  state._index._tree = saved.tree;
  return index;
}
