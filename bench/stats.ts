/** Median of samples (ms). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Times `fn` `runs` times (after `warmup` untimed runs) and returns every sample in ms. When
 * `fn` returns a number, that is the sample (it timed only the part that counts itself).
 */
export async function sample(runs: number, fn: () => Promise<unknown>, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const own = await fn();
    samples.push(typeof own === "number" ? own : performance.now() - t0);
  }
  return samples;
}

export interface BenchRow {
  suite: string;
  case: string;
  median: number;
  unit: string;
  /** The baseline this row is compared with, measured in the same run. */
  baseline?: string;
  ratio?: number;
  target?: string;
  met?: boolean;
  samples?: number[];
}
