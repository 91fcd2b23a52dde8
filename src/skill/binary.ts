import { isUtf8 } from "node:buffer";
import { Limits } from "./limits.js";

/** A file is binary when a NUL shows up early or its bytes are not valid UTF-8. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, Limits.binarySniffBytes).includes(0) || !isUtf8(bytes);
}
