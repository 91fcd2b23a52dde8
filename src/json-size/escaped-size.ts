/** Control characters JSON.stringify writes as a two-byte escape (\b \t \n \f \r); the rest take six (\u00XX). */
const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

interface Scan {
  /** UTF-8 bytes of the JSON string form of text.slice(0, end), quotes included. */
  bytes: number;
  /** Code units that fit the budget (never half a surrogate pair). */
  end: number;
}

/**
 * Walks `text` as JSON.stringify would write it (escapes, UTF-8, quotes) and stops at the first
 * code unit that would take it over `budget`, so measuring a 200 MB string costs only the budget.
 */
function scan(text: string, budget: number): Scan {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cost: number;
    let width = 1;
    if (c < 0x20) cost = SHORT_ESCAPES.has(c) ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) cost = 2;
    else if (c < 0x80) cost = 1;
    else if (c < 0x800) cost = 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) [cost, width] = [4, 2];
    // A lone surrogate is written as \udXXX.
    else if (c >= 0xd800 && c <= 0xdfff) cost = 6;
    else cost = 3;
    if (bytes + cost > budget) return { bytes: bytes + cost, end: i };
    bytes += cost;
    i += width - 1;
  }
  return { bytes, end: text.length };
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * UTF-8 bytes of `JSON.stringify(text)`. Counting stops once past `limit`: the answer is then some
 * number above `limit`, reached in time proportional to the limit, not to the text.
 */
export function jsonStringBytes(text: string, limit = Number.POSITIVE_INFINITY): number {
  return scan(text, limit).bytes;
}

/** The longest prefix of `text` whose JSON string form takes at most `budget` bytes. */
export function jsonStringPrefix(text: string, budget: number): string {
  // Every code unit takes at most six bytes: a text that fits even so needs no walk to prove it.
  if (text.length * 6 + 2 <= budget) return text;
  const { end } = scan(text, budget);
  return end === text.length ? text : text.slice(0, end);
}
