import { boundedStringify, JsonTooLargeError } from "../json-size/index.js";

/**
 * Bytes of JSON (escaped, UTF-8) the outputs of one workflow run may take in all: every step's
 * result is held for its dependents and returned in the report, so this bounds both the server's
 * memory for the run and the size of the run_workflow response (under stdio clients' 10 MiB).
 */
export const MAX_RUN_OUTPUT_BYTES = 4 * 1024 * 1024;

/** What is left of one run's output bytes; each step's result is charged as it arrives. */
export class OutputBudget {
  #left: number;

  constructor(readonly maxBytes = MAX_RUN_OUTPUT_BYTES) {
    this.#left = maxBytes;
  }

  get left(): number {
    return this.#left;
  }

  /** Charges a result; a refusal (the run's outputs would pass the budget) says why. */
  charge(output: unknown): string | undefined {
    try {
      this.#left -= Buffer.byteLength(boundedStringify(output, this.#left));
      return undefined;
    } catch (err) {
      if (!(err instanceof JsonTooLargeError)) throw err;
      return `RUN_OUTPUT_TOO_LARGE: this result would take the run's outputs past ${this.maxBytes} bytes of JSON; write large data to a file and output its path`;
    }
  }
}
