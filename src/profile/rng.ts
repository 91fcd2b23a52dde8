import { createHash } from "node:crypto";

/**
 * A small seeded generator (mulberry32). Every probe instance gets its own stream derived from
 * (seed, primitive, level, index), so instances are reproducible one by one and adding a family
 * never shifts the numbers of another.
 */
export class Rng {
  private state: number;

  constructor(...parts: (string | number)[]) {
    this.state = createHash("sha256").update(parts.join("\u0000")).digest().readUInt32LE(0);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }

  /** A lowercase token that is hard to guess: proves the model read it rather than made it up. */
  token(length = 8): string {
    const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    return Array.from({ length }, () => this.pick([...alphabet])).join("");
  }
}
