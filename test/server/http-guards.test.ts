import { describe, expect, it } from "vitest";
import { isLoopback } from "../../src/server/http-guards.js";

describe("isLoopback", () => {
  it("accepts localhost, IPv4 literals in 127.0.0.0/8 and the IPv6 loopback in any spelling", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "[::ffff:7f00:1]"]) {
      expect(isLoopback(host), host).toBe(true);
    }
  });

  it("refuses names that merely start like loopback, and every other address", () => {
    for (const host of ["127.evil.example", "127.0.0.1.evil.example", "127.example.invalid", "localhost.evil.example", "0.0.0.0", "::", "128.0.0.1", "::ffff:10.0.0.1", "fe80::1%lo", "127.1", ""]) {
      expect(isLoopback(host), host).toBe(false);
    }
  });
});
