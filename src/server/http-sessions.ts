import { randomUUID } from "node:crypto";
import type { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import type { SSEServerTransport } from "@modelcontextprotocol/server-legacy/sse";
import type { McpServer } from "@modelcontextprotocol/server";
import { log } from "../log.js";
import type { InFlightGate } from "./in-flight-gate.js";

export interface Session {
  id: string;
  server: McpServer;
  transport: NodeStreamableHTTPServerTransport | SSEServerTransport;
  gate: InFlightGate;
  lastSeen: number;
}

export interface SessionLimits {
  /** A session this long without a request is closed. */
  idleMs: number;
  /** Sessions kept at once; beyond it the least recently used idle one makes room. */
  maxSessions: number;
}

export const DEFAULT_MAX_SESSIONS = 256;

/**
 * A session quiet for less than this is never evicted to make room: a client that has just
 * initialized is about to list tools, and two newcomers must not keep evicting each other.
 */
const MIN_IDLE_TO_EVICT_MS = 5_000;
/** What a client is told to wait when every session is busy. */
const BUSY_RETRY_AFTER_S = 5;

/** A new session may start (`release` once it is added or failed to start), or wait this long. */
export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

/**
 * Live HTTP sessions: one McpServer each (all sharing one catalog and readiness). Idle sessions
 * expire, and at most `maxSessions` live at once; closing a session closes its server, which
 * aborts its running requests.
 */
export class Sessions {
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;
  /** Sessions admitted but not added yet (their initialize is being answered). */
  #starting = 0;

  constructor(readonly limits: SessionLimits) {
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(limits.idleMs, 60_000));
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

  /**
   * Room for one more session: under the cap at once; at the cap by closing the least recently
   * used session that has nothing in flight and has been quiet a while; else not now.
   */
  admit(): Admission {
    if (this.#sessions.size + this.#starting >= this.limits.maxSessions) {
      const victim = this.#leastRecentlyUsedIdle();
      if (!victim.session) return { ok: false, retryAfterSeconds: victim.retryAfterSeconds };
      log.info(`session ${victim.session.id} closed to make room (at most ${this.limits.maxSessions} sessions)`);
      void this.close(victim.session.id);
    }
    this.#starting++;
    let released = false;
    const release = () => {
      if (!released) this.#starting--;
      released = true;
    };
    return { ok: true, release };
  }

  add(session: Omit<Session, "lastSeen">): Session {
    const full = { ...session, lastSeen: Date.now() };
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

  #leastRecentlyUsedIdle(): { session?: Session; retryAfterSeconds: number } {
    const now = Date.now();
    let oldest: Session | undefined;
    for (const session of this.#sessions.values()) {
      if (session.gate.count === 0 && (!oldest || session.lastSeen < oldest.lastSeen)) oldest = session;
    }
    if (!oldest) return { retryAfterSeconds: BUSY_RETRY_AFTER_S };
    const quietFor = now - oldest.lastSeen;
    if (quietFor >= MIN_IDLE_TO_EVICT_MS) return { session: oldest, retryAfterSeconds: 0 };
    return { retryAfterSeconds: Math.ceil((MIN_IDLE_TO_EVICT_MS - quietFor) / 1000) };
  }

  #sweep(): void {
    const cutoff = Date.now() - this.limits.idleMs;
    for (const [id, session] of this.#sessions) {
      if (session.lastSeen < cutoff && session.gate.count === 0) void this.close(id);
    }
  }
}

/** Unguessable session ids (122 random bits). */
export const newSessionId = (): string => randomUUID();
