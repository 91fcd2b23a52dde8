import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

/** Changes that land within this window (one sync adding, removing and updating tools) are one notification. */
export const LIST_CHANGED_COALESCE_MS = 25;

type ListKind = "sendToolListChanged" | "sendPromptListChanged" | "sendResourceListChanged";
const KINDS: readonly ListKind[] = ["sendToolListChanged", "sendPromptListChanged", "sendResourceListChanged"];

/**
 * The SDK sends a list_changed notification for every tool, prompt or resource registered,
 * updated or removed, so one catalog or readiness change (several tools at once) reached clients
 * as a burst. This makes each list's notifications trailing-coalesced: one per change.
 */
export function coalesceListChanged(server: McpServer): void {
  for (const kind of KINDS) {
    let pending: NodeJS.Timeout | undefined;
    server[kind] = () => {
      // Registrations before the client connected are in its first listing, not a change.
      if (!server.isConnected()) return;
      pending ??= setTimeout(() => {
        pending = undefined;
        // The session may have closed meanwhile (HTTP clients come and go): nobody is left to tell.
        if (server.isConnected()) server.server[kind]().catch(() => undefined);
      }, LIST_CHANGED_COALESCE_MS).unref();
    };
  }
}
