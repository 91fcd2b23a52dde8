import type { McpServer } from "@modelcontextprotocol/server";

/**
 * Makes the instructions of the handshake (initialize for 2025-era clients, server/discover for
 * 2026-07-28 ones) depend on who connected and on the catalog at that moment: the SDK takes
 * instructions once, at construction, and reads them from `_instructions` when it answers
 * either handshake, after recording the client's identity. A getter there keeps the SDK's own
 * handling (protocol version, capabilities) and computes only the instructions on demand;
 * `clientKnown` hears that the client's identity is now known (the session's profile may follow it).
 */
export function instructionsOnHandshake(server: McpServer, build: () => string, clientKnown?: () => void): void {
  Object.defineProperty(server.server, "_instructions", {
    get: () => {
      clientKnown?.();
      return build();
    },
    configurable: true,
  });
}
