import { jsonStringBytes } from "./escaped-size.js";

/** A value whose JSON text would pass the byte limit; nothing that large was built. */
export class JsonTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`JSON_TOO_LARGE: the value takes more than ${limit} bytes as JSON`);
  }
}

/**
 * JSON.stringify that gives up as soon as the text would pass `maxBytes` (UTF-8, escapes
 * included): the replacer charges every key and value as it goes, so a 200 MB string or a
 * million-element array is refused after about `maxBytes` of work, before the text exists.
 */
export function boundedStringify(value: unknown, maxBytes: number): string {
  let left = maxBytes;
  const spend = (bytes: number) => {
    left -= bytes;
    if (left < 0) throw new JsonTooLargeError(maxBytes);
  };
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // A separator per member; an object member also carries its quoted key and a colon.
    if (key !== "" || Array.isArray(this)) spend(Array.isArray(this) ? 1 : jsonStringBytes(key, left) + 2);
    spend(primitiveBytes(v, left));
    return v;
  });
  if (text === undefined) return "null";
  if (Buffer.byteLength(text) > maxBytes) throw new JsonTooLargeError(maxBytes);
  return text;
}

function primitiveBytes(v: unknown, limit: number): number {
  if (typeof v === "string") return jsonStringBytes(v, limit);
  if (typeof v === "number") return Number.isFinite(v) ? String(v).length : 4;
  if (typeof v === "boolean") return v ? 4 : 5;
  // Brackets of an object or array; null.
  return v === null ? 4 : 2;
}
