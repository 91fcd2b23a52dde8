import type { McpServerOptions } from "@modelcontextprotocol/server";

/**
 * How long a 2026-07-28 client may keep a list when nothing says otherwise: skills change when
 * someone edits them and the server is restarted or recompiles, which is rare next to the
 * calls a client makes in between.
 */
export const DEFAULT_LIST_TTL_MS = 5 * 60_000;

/**
 * While the lifecycle watcher follows edits, a saved SKILL.md is served within about a second:
 * a client that does not listen for changes should not keep an old list much longer than that.
 */
export const WATCHED_LIST_TTL_MS = 5_000;

/** The lists' lifetime for how the server runs: short when it follows edits, long with --no-watch. */
export const listTtlMs = (watching: boolean): number => (watching ? WATCHED_LIST_TTL_MS : DEFAULT_LIST_TTL_MS);

/**
 * Cache hints of the list results (`ttlMs`, `cacheScope`; 2025-era answers never carry them).
 * Scope is private: what a client sees (the tools of ready skills, solidified templates) follows
 * this machine's environment and this server's state. Resource contents and server/discover
 * keep the SDK's conservative default (no caching): a file may be read while it is rewritten.
 */
export function listCacheHints(ttlMs = DEFAULT_LIST_TTL_MS): McpServerOptions["cacheHints"] {
  const hint = { ttlMs, cacheScope: "private" as const };
  return { "tools/list": hint, "prompts/list": hint, "resources/list": hint, "resources/templates/list": hint };
}
