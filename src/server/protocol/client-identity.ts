import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, type ClientCapabilities, type Implementation, type McpServer, type ServerContext } from "@modelcontextprotocol/server";

/**
 * What the calling client declared, in either protocol era: a 2026-07-28 request carries its
 * capabilities and identity in its own `_meta` envelope (no initialize ever ran on that
 * connection); a 2025-era session declared them once, in initialize.
 */
export function clientCapabilities(server: McpServer, ctx: ServerContext): ClientCapabilities | undefined {
  const fromRequest = ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY as keyof typeof ctx.mcpReq.envelope] as ClientCapabilities | undefined;
  return fromRequest ?? server.server.getClientCapabilities();
}

export function clientInfo(server: McpServer, ctx: ServerContext): Implementation | undefined {
  const fromRequest = ctx.mcpReq.envelope?.[CLIENT_INFO_META_KEY as keyof typeof ctx.mcpReq.envelope] as Implementation | undefined;
  return fromRequest ?? server.server.getClientVersion();
}

/** A 2026-07-28 request: it carries the per-request `_meta` envelope; 2025-era requests never do. */
export const isModernRequest = (ctx: ServerContext): boolean => ctx.mcpReq.envelope !== undefined;
