import { describe, expect, it } from "vitest";
import { boundedStringify, jsonStringBytes, jsonStringPrefix, JsonTooLargeError } from "../../src/json-size/index.js";

const exact = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const SAMPLES = ["", "plain", 'quote " and \\ backslash', "\n\t\r\b\f", "\x00\x01\x1f", "é€", "😀 pair", "lone \ud800 high", "lone \udc00 low", "mixed é\x01😀\"\n"];

describe("jsonStringBytes / jsonStringPrefix", () => {
  it("counts exactly what JSON.stringify writes, escapes and UTF-8 included", () => {
    for (const text of SAMPLES) expect(jsonStringBytes(text), JSON.stringify(text)).toBe(exact(text));
  });

  it("cuts at the longest prefix within the budget and never splits a surrogate pair", () => {
    const text = "a😀\x01é".repeat(50);
    for (let budget = 2; budget < exact(text) + 2; budget += 7) {
      const prefix = jsonStringPrefix(text, budget);
      expect(exact(prefix)).toBeLessThanOrEqual(budget);
      expect(text.startsWith(prefix)).toBe(true);
      expect(/[\ud800-\udbff]$/.test(prefix)).toBe(false);
      if (prefix.length < text.length) expect(exact(text.slice(0, prefix.length + 2))).toBeGreaterThan(budget);
    }
  });
});

describe("boundedStringify", () => {
  it("writes what JSON.stringify writes when the value fits", () => {
    const value = { a: [1, 2.5, null, true, "x\n"], b: { c: "é😀" }, d: new Date(0) };
    expect(boundedStringify(value, 1000)).toBe(JSON.stringify(value));
    expect(boundedStringify(undefined, 10)).toBe("null");
  });

  it("refuses a value over the limit, a 200 MB string after about the limit's work", () => {
    expect(() => boundedStringify("\x01".repeat(100), 500)).toThrow(JsonTooLargeError);
    expect(() => boundedStringify(Array.from({ length: 1000 }, () => 1), 1000)).toThrow(JsonTooLargeError);
    const huge = "x".repeat(200 * 1024 * 1024);
    const started = process.cpuUsage();
    expect(() => boundedStringify({ huge }, 1024 * 1024)).toThrow(/JSON_TOO_LARGE/);
    // A bound, not a timing claim: serializing 200 MB would take far more than a second of CPU.
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1000).toBeLessThan(1000);
  });
});
