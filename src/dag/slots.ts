import { availableParallelism, loadavg } from "node:os";

/** Overrides the load-based default, e.g. for benchmarks: SKVM_WORKFLOW_CONCURRENCY=4. */
export const CONCURRENCY_VARIABLE = "SKVM_WORKFLOW_CONCURRENCY";

/**
 * How many nodes may run at once: the cores the 1-minute load average says are idle, at least
 * one and never more than the machine has, so a workflow never oversubscribes a busy machine.
 */
export function defaultConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const cores = availableParallelism();
  const forced = Number(env[CONCURRENCY_VARIABLE]);
  if (Number.isInteger(forced) && forced > 0) return forced;
  const idle = Math.round(cores - (loadavg()[0] ?? 0));
  return Math.max(1, Math.min(cores, idle));
}

/** A FIFO counting semaphore: every running process or pool task holds one slot. */
export class Slots {
  #free: number;
  readonly #waiting: { grant: () => void; signal?: AbortSignal }[] = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Resolves with a release function, or undefined when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      const entry = { grant: () => resolve(this.#releaser()), signal };
      this.#waiting.push(entry);
      signal?.addEventListener(
        "abort",
        () => {
          const at = this.#waiting.indexOf(entry);
          if (at < 0) return;
          this.#waiting.splice(at, 1);
          resolve(undefined);
        },
        { once: true },
      );
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // Handed over on the next turn, so the finishing node is reported before its successor starts.
      if (next) setImmediate(next.grant);
      else this.#free++;
    };
  }
}
