import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { log } from "../log.js";

export interface Session {
  id: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastSeen: number;
  inFlight: number;
}

/**
 * Live HTTP sessions: one McpServer each (all sharing one catalog and readiness). Idle sessions
 * expire; closing a session closes its server, which aborts its running requests.
 */
export class Sessions {
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(readonly idleMs: number) {
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(idleMs, 60_000));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string | undefined): Session | undefined {
    const session = id ? this.#sessions.get(id) : undefined;
    if (session) session.lastSeen = Date.now();
    return session;
  }

  add(session: Omit<Session, "lastSeen" | "inFlight">): Session {
    const full = { ...session, lastSeen: Date.now(), inFlight: 0 };
    this.#sessions.set(session.id, full);
    return full;
  }

  /** Forgets and closes the session (idempotent). */
  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    await session.server.close().catch((err: Error) => log.debug(`closing session ${id}: ${err.message}`));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  #sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [id, session] of this.#sessions) {
      if (session.lastSeen < cutoff && session.inFlight === 0) void this.close(id);
    }
  }
}

/** Unguessable session ids (122 random bits). */
export const newSessionId = (): string => randomUUID();
