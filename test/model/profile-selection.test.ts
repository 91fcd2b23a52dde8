import { describe, expect, it } from "vitest";
import { selectProfile, type ProfileLookup } from "../../src/model/index.js";
import { parseRetryAfter } from "../../src/model/retry.js";

const stored = new Set(["claude-code/sonnet", "claude-code/sonnet-4-5", "cursor/gpt", "any/fallback"]);
const lookup: ProfileLookup = (id) => (stored.has(id) ? { id, harness: id.split("/")[0]!, model: id.split("/")[1]! } : undefined);
const mapping = {
  default: "any/fallback",
  clients: { "Cursor*": "cursor/gpt", "*": "missing/one" },
  models: { "claude-sonnet-*": "claude-code/sonnet", "claude-sonnet-4-5*": "claude-code/sonnet-4-5" },
};

describe("which profile applies", () => {
  it("the most specific model pattern wins, and a model beats a client", () => {
    const picked = selectProfile({ clientName: "cursor-ide", hostModel: "claude-sonnet-4-5-20250929" }, mapping, lookup);
    expect(picked.active).toMatchObject({ id: "claude-code/sonnet-4-5", source: "model" });
  });

  it("client names match case-insensitively; a pattern naming a missing profile is skipped with a note", () => {
    expect(selectProfile({ clientName: "CURSOR" }, mapping, lookup).active).toMatchObject({ id: "cursor/gpt", source: "client" });
    const other = selectProfile({ clientName: "zed" }, mapping, lookup);
    expect(other.active).toMatchObject({ id: "any/fallback", source: "default" });
    expect(other.notes).toEqual(['profile "missing/one" (from MCP client "zed" (matches "*")) does not exist; see skvm profile list']);
  });

  it("the flag beats everything; nothing configured means no profile", () => {
    expect(selectProfile({ flag: "cursor/gpt", hostModel: "claude-sonnet-4" }, mapping, lookup).active?.source).toBe("flag");
    expect(selectProfile({ clientName: "x" }, {}, lookup)).toEqual({ active: null, notes: [] });
  });
});

describe("Retry-After", () => {
  it("reads seconds, an HTTP date and retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
  });
});
