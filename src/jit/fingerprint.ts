import { createHash } from "node:crypto";

/** Exact fingerprint: `sha256:` of the normalized token stream. */
export function exactFingerprint(tokens: readonly string[]): string {
  return `sha256:${createHash("sha256").update(tokens.join("\u0001")).digest("hex")}`;
}

/** k-gram length and winnowing window: every shared run of K + W - 1 tokens is guaranteed to be seen. */
export const K = 5;
export const W = 4;

/** For near matches locals all look alike: one extra variable must not shift every later name. */
export const generic = (token: string): string => (token.startsWith("⟨v") && /^⟨v\d+⟩$/.test(token) ? "⟨v⟩" : token);

/** FNV-1a, 32 bits: fast and stable across runs and machines (stored in manifests). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Winnowed k-gram hashes (Schleimer, Wilkerson and Aiken, 2003): hash every run of K tokens and
 * keep the smallest hash of each window of W, so near-identical code shares most of the set
 * while the set stays small. Sorted and unique.
 */
export function winnow(tokens: readonly string[]): number[] {
  const stream = tokens.map(generic);
  if (stream.length === 0) return [];
  const grams: number[] = [];
  if (stream.length < K) grams.push(fnv1a(stream.join("\u0001")));
  for (let i = 0; i + K <= stream.length; i++) grams.push(fnv1a(stream.slice(i, i + K).join("\u0001")));
  if (grams.length <= W) return [...new Set(grams)].sort((a, b) => a - b);
  const picked = new Set<number>();
  for (let i = 0; i + W <= grams.length; i++) {
    let min = grams[i]!;
    for (let j = i + 1; j < i + W; j++) if (grams[j]! <= min) min = grams[j]!;
    picked.add(min);
  }
  return [...picked].sort((a, b) => a - b);
}

/** Jaccard similarity of two sorted unique hash lists. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}
