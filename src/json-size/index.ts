export { jsonStringBytes, jsonStringPrefix } from "./escaped-size.js";
export { boundedStringify, JsonTooLargeError } from "./bounded-stringify.js";
