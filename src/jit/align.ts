/** Beyond this many cells a diff is not worth computing for an explanation. */
const MAX_CELLS = 4_000_000;

import { generic } from "./fingerprint.js";

/**
 * The first place two normalized streams part ways, by longest common subsequence: what the
 * template has there and what the code has instead (`found` undefined: nothing, the code lacks
 * it). Undefined when they are equal.
 */
export function firstDifference(template: readonly string[], code: readonly string[]): { at: number; expected: string; found: string | undefined } | undefined {
  const a = template.map(generic);
  const b = code.map(generic);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return undefined;
  if ((a.length - start) * (b.length - start) > MAX_CELLS) return { at: start, expected: a[start] ?? "(end)", found: b[start] ?? "(end)" };
  // LCS table over the remaining suffixes; walk it to the first mismatch.
  const n = a.length - start;
  const m = b.length - start;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[start + i] === b[start + j] ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m && a[start + i] === b[start + j]) {
    i++;
    j++;
  }
  const expected = a[start + i] ?? "(end)";
  // Dropping the template's token keeps more in common than dropping the code's: the code lacks it.
  const lacks = i < n && table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!;
  return { at: start + j, expected, found: lacks ? undefined : (b[start + j] ?? "(end)") };
}

/**
 * 2·LCS / (|a| + |b|) over the streams (locals alike): for short code, where one changed token
 * disturbs a large share of the k-grams. Undefined when too large to compute cheaply.
 */
export function sequenceSimilarity(template: readonly string[], code: readonly string[]): number | undefined {
  const a = template.map(generic);
  const b = code.map(generic);
  if (a.length * b.length > MAX_CELLS / 4) return undefined;
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    [prev, row] = [row, prev];
  }
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * prev[b.length]!) / total;
}

/** Items of `a` missing from `b`, as a multiset difference. */
export function missingFrom(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const c = counts.get(x) ?? 0;
    if (c > 0) counts.set(x, c - 1);
    else out.push(x);
  }
  return out;
}
