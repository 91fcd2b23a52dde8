/** A FIFO counting semaphore: every running process or pool task holds one slot. */
export class Slots {
  #free: number;
  #peak = 0;
  readonly #waiting: { grant: () => void; signal?: AbortSignal }[] = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Resolves with a release function, or undefined when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.#free > 0) {
      this.#free--;
      this.#notePeak();
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

  /** The most slots held at once so far: how much of the limit the run really used. */
  get peak(): number {
    return this.#peak;
  }

  #notePeak(): void {
    this.#peak = Math.max(this.#peak, this.size - this.#free);
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
