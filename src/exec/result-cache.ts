import { stat } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';
import { runSucceeded, type RunResult } from './run-result.js';

/** How long a cached result stays good: files it read may change in ways a stat cannot see. */
export const RESULT_TTL_MS = 10 * 60_000;
const MAX_BYTES = 64 * 1024 * 1024;

/** Files a run opened, absolute path -> `size:mtimeNs:inode` when it opened them, or `missing`. */
export type RunInputs = Readonly<Record<string, string>>;

interface Entry {
  result: RunResult;
  inputs: RunInputs;
}

/**
 * Results of runs that only read, keyed by what they ran and their parameters. A result is kept
 * only with the complete list of files the run opened (recorded by the run itself), and a hit
 * counts only while every one of those files is as it was: a template that reads
 * `folder + "/values.json"` sees the file change even though no parameter names it.
 */
export class ResultCache {
  readonly #cache = new LRUCache<string, Entry>({
    max: 1000,
    maxSize: MAX_BYTES,
    sizeCalculation: (e) => Math.max(1, e.result.stdout.length + e.result.stderr.length),
    ttl: RESULT_TTL_MS,
  });
  hits = 0;

  /** The key for a run of `what` (the program's hash) in `cwd` with these parameter values. */
  key(what: string, cwd: string, values: readonly unknown[]): string {
    return JSON.stringify([what, cwd, values]);
  }

  async get(key: string): Promise<RunResult | undefined> {
    const entry = this.#cache.get(key);
    if (!entry) return undefined;
    const now = await Promise.all(Object.keys(entry.inputs).map(signature));
    if (Object.values(entry.inputs).some((sig, i) => sig !== now[i])) {
      this.#cache.delete(key);
      return undefined;
    }
    this.hits++;
    return entry.result;
  }

  clear(): void {
    this.#cache.clear();
  }

  /** Keeps a clean, complete result; `inputs` undefined (unknown) means it is not kept. */
  set(key: string, result: RunResult, inputs: RunInputs | undefined): void {
    if (!inputs || '*' in inputs || !runSucceeded(result) || result.stdoutTruncated) return;
    this.#cache.set(key, { result, inputs });
  }
}

/** The same `size:mtimeNs:inode` the run recorded, or `missing`. */
async function signature(path: string): Promise<string> {
  const s = await stat(path, { bigint: true }).catch(() => undefined);
  return s ? `${s.size}:${s.mtimeNs}:${s.ino}` : 'missing';
}
