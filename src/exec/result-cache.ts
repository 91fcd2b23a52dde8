import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { LRUCache } from 'lru-cache';
import { runSucceeded, type RunResult } from './run-result.js';

/** How long a cached result stays good: files it read may change in ways a stat cannot see. */
export const RESULT_TTL_MS = 10 * 60_000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Results of runs that only read (templates the compiler found free of side effects), keyed by
 * what they ran, their parameters and the size and mtime of every file a parameter names. Only
 * clean exits are kept.
 */
export class ResultCache {
  readonly #cache = new LRUCache<string, RunResult>({
    max: 1000,
    maxSize: MAX_BYTES,
    sizeCalculation: (r) => Math.max(1, r.stdout.length + r.stderr.length),
    ttl: RESULT_TTL_MS,
  });
  hits = 0;

  /** The key for a run; files named by `values` (relative to `cwd`, `~/` at home, in lists too) are part of it. */
  async key(what: string, cwd: string, values: readonly unknown[]): Promise<string> {
    const names = values.flat().filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096);
    const files = await Promise.all(
      names.map(async (v) => {
        const expanded = v.startsWith('~/') ? join(homedir(), v.slice(2)) : v;
        const path = isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
        const s = await stat(path).catch(() => undefined);
        return s ? `${path}:${s.size}:${s.mtimeMs}:${s.ino}` : '';
      }),
    );
    return JSON.stringify([what, cwd, values, files]);
  }

  get(key: string): RunResult | undefined {
    const hit = this.#cache.get(key);
    if (hit) this.hits++;
    return hit;
  }

  clear(): void {
    this.#cache.clear();
  }

  set(key: string, result: RunResult): void {
    if (runSucceeded(result) && !result.stdoutTruncated) this.#cache.set(key, result);
  }
}
