import { abortedError } from "./retry.js";

/**
 * At most `limit` calls in flight; the rest wait in order. One per provider, so every caller of
 * that provider (a profile's instances, a compiler pass) shares the same budget. A caller whose
 * signal fires while it waits leaves the queue without ever taking a slot.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a whole number >= 1, got ${limit}`);
  }

  async run<T>(fn: () => Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
    await this.acquire(signal, what);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined, what: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError(what));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener("abort", onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(abortedError(what));
      };
      this.waiting.push(take);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
