import type { McpServerOptions } from "@modelcontextprotocol/server";

/**
 * How long a 2026-07-28 client may keep a list when nothing says otherwise: skills change when
 * someone edits them and the server is restarted or recompiles, which is rare next to the
 * calls a client makes in between.
 */
export const DEFAULT_LIST_TTL_MS = 5 * 60_000;

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
