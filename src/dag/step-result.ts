import { boundedStringify, JsonTooLargeError } from "../json-size/index.js";
import { MAX_RUN_OUTPUT_BYTES } from "./output-budget.js";

/**
 * A JS step's return value as the JSON value that crosses back to the server, refused in the
 * worker when larger than `maxBytes`: a step returning 200 MB costs its worker a bounded amount
 * of work and the server nothing. Only JSON crosses: a function or a class instance would not
 * survive the trip intact.
 */
export function stepResult(value: unknown, maxBytes = MAX_RUN_OUTPUT_BYTES): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(boundedStringify(value, maxBytes));
  } catch (err) {
    if (!(err instanceof JsonTooLargeError)) throw err;
    throw new Error(`STEP_RESULT_TOO_LARGE: the step returned more than ${maxBytes} bytes of JSON (what is left of the run's output budget); write large data to a file and return its path`);
  }
}
