import type { McpServer } from "@modelcontextprotocol/server";

/** Changes that land within this window (one sync adding, removing and updating tools) are one notification. */
export const LIST_CHANGED_COALESCE_MS = 25;

export type ListName = "tools" | "prompts" | "resources";
type ListKind = "sendToolListChanged" | "sendPromptListChanged" | "sendResourceListChanged";
const KINDS: readonly (readonly [ListKind, ListName])[] = [
  ["sendToolListChanged", "tools"],
  ["sendPromptListChanged", "prompts"],
  ["sendResourceListChanged", "resources"],
];

/**
 * Where an instance's list changes go when not to its own connection: the stateless HTTP
 * entry serves each 2026-07-28 request from a fresh instance, and its changes reach clients
 * through the entry's subscriptions instead.
 */
export interface ListChangedSink {
  /** Whether a change now is news (registrations while an instance is built are not). */
  live(): boolean;
  send(list: ListName): void;
  /** `notifications/resources/updated` for a skill:// URI whose content changed. */
  updated(uri: string): void;
}

/**
 * The SDK sends a list_changed notification for every tool, prompt or resource registered,
 * updated or removed, so one catalog or readiness change (several tools at once) reached clients
 * as a burst. This makes each list's notifications trailing-coalesced: one per change.
 */
export function coalesceListChanged(server: McpServer, sink: ListChangedSink): void {
  for (const [kind, list] of KINDS) {
    let pending: NodeJS.Timeout | undefined;
    server[kind] = () => {
      // Registrations before the client connected are in its first listing, not a change.
      if (!sink.live()) return;
      pending ??= setTimeout(() => {
        pending = undefined;
        sink.send(list);
      }, LIST_CHANGED_COALESCE_MS).unref();
    };
  }
}

/** The instance's own connection (a 2025-era session, or a stdio connection of either era). */
export function connectionSink(server: McpServer): ListChangedSink {
  const send: Record<ListName, () => Promise<void>> = {
    tools: () => server.server.sendToolListChanged(),
    prompts: () => server.server.sendPromptListChanged(),
    resources: () => server.server.sendResourceListChanged(),
  };
  return {
    live: () => server.isConnected(),
    // The session may have closed meanwhile (HTTP clients come and go): nobody is left to tell.
    send: (list) => void (server.isConnected() && send[list]().catch(() => undefined)),
    updated: (uri) => void (server.isConnected() && server.server.sendResourceUpdated({ uri }).catch(() => undefined)),
  };
}

/** For an instance whose changes are told by someone else. */
export const SILENT: ListChangedSink = { live: () => false, send: () => undefined, updated: () => undefined };
