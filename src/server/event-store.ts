import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

/** How much SSE history the server keeps so clients can resume a dropped stream. */
export interface EventLimits {
  /** Events kept per stream (one tool call's stream, or a session's GET stream); older ones go first. */
  maxEventsPerStream: number;
  /** Bytes of stored messages across all sessions; the oldest events go first. */
  maxBytes: number;
  /** Events older than this are dropped: a client gone that long retries the call instead. */
  maxAgeMs: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = {
  maxEventsPerStream: 1000,
  maxBytes: 32 * 1024 * 1024,
  // env_setup may install for up to 10 minutes; a result must outlive the call that made it.
  maxAgeMs: 15 * 60_000,
};

interface StoredEvent {
  owner: number;
  streamId: string;
  message: JSONRPCMessage;
  bytes: number;
  at: number;
}

/**
 * The SSE history behind Streamable HTTP resumability (Last-Event-ID), in memory and bounded by
 * events per stream, total bytes and age, so neither a chatty tool nor many sessions can grow it
 * without limit. One buffer serves the whole process (the byte bound is global); each session
 * gets its own view (`forSession`), and a view replays only its own session's events: an event
 * id from another session is unknown to it, so a client can never read someone else's stream.
 */
export class EventBuffer {
  /** Insertion order is age order: eviction by age or bytes takes from the front. */
  readonly #events = new Map<string, StoredEvent>();
  /** Event ids per session, then per stream, oldest first. */
  readonly #owners = new Map<number, Map<string, string[]>>();
  #bytes = 0;
  #seq = 0;
  #lastOwner = 0;

  constructor(
    readonly limits: EventLimits = DEFAULT_EVENT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#events.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** A session's EventStore; `clear()` it when the session closes. */
  forSession(): SessionEvents {
    return new SessionEvents(this, ++this.#lastOwner);
  }

  store(owner: number, streamId: string, message: JSONRPCMessage): string {
    const id = String(++this.#seq);
    const bytes = Buffer.byteLength(JSON.stringify(message));
    this.#events.set(id, { owner, streamId, message, bytes, at: this.now() });
    this.#bytes += bytes;
    const stream = this.#streamOf(owner, streamId, true);
    stream.push(id);
    while (stream.length > this.limits.maxEventsPerStream) this.#evict(stream[0]!);
    this.#evictOld();
    return id;
  }

  /** The stream an event belongs to, when the event is still kept and is this owner's. */
  streamOf(owner: number, eventId: string): string | undefined {
    const event = this.#events.get(eventId);
    return event?.owner === owner ? event.streamId : undefined;
  }

  /** The messages stored after `eventId` on its stream, oldest first (priming events carry none). */
  after(owner: number, eventId: string): { streamId: string; events: [string, JSONRPCMessage][] } | undefined {
    const streamId = this.streamOf(owner, eventId);
    if (streamId === undefined) return undefined;
    const ids = this.#streamOf(owner, streamId, false) ?? [];
    const later = ids.slice(ids.indexOf(eventId) + 1);
    const events = later.map((id) => [id, this.#events.get(id)!.message] as [string, JSONRPCMessage]).filter(([, m]) => "jsonrpc" in m);
    return { streamId, events };
  }

  /** Forgets everything a session stored (it closed: nobody can resume its streams). */
  drop(owner: number): void {
    for (const ids of this.#owners.get(owner)?.values() ?? []) {
      for (const id of ids) {
        this.#bytes -= this.#events.get(id)!.bytes;
        this.#events.delete(id);
      }
    }
    this.#owners.delete(owner);
  }

  #streamOf(owner: number, streamId: string, create: true): string[];
  #streamOf(owner: number, streamId: string, create: false): string[] | undefined;
  #streamOf(owner: number, streamId: string, create: boolean): string[] | undefined {
    let streams = this.#owners.get(owner);
    if (!streams && create) this.#owners.set(owner, (streams = new Map()));
    let ids = streams?.get(streamId);
    if (!ids && create) streams!.set(streamId, (ids = []));
    return ids;
  }

  #evictOld(): void {
    const cutoff = this.now() - this.limits.maxAgeMs;
    for (const [id, event] of this.#events) {
      if (event.at >= cutoff && this.#bytes <= this.limits.maxBytes) return;
      this.#evict(id);
    }
  }

  #evict(id: string): void {
    const event = this.#events.get(id);
    if (!event) return;
    this.#events.delete(id);
    this.#bytes -= event.bytes;
    const streams = this.#owners.get(event.owner)!;
    const ids = streams.get(event.streamId)!;
    // Oldest first (per-stream cap, age, bytes), so this is nearly always the front.
    ids.splice(ids.indexOf(id), 1);
    if (ids.length > 0) return;
    streams.delete(event.streamId);
    if (streams.size === 0) this.#owners.delete(event.owner);
  }
}

/** One session's view of the buffer: the SDK's EventStore interface. */
export class SessionEvents implements EventStore {
  #closed = false;

  constructor(
    private readonly buffer: EventBuffer,
    private readonly owner: number,
  ) {}

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    // A call finishing after its session closed has nobody left to resume it: keep nothing.
    if (this.#closed) return "0";
    return this.buffer.store(this.owner, streamId, message);
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.buffer.streamOf(this.owner, eventId);
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const found = this.buffer.after(this.owner, lastEventId);
    // The transport asks getStreamIdForEventId first and answers 400 for an unknown id.
    if (!found) throw new Error(`unknown event id ${lastEventId}`);
    for (const [id, message] of found.events) await send(id, message);
    return found.streamId;
  }

  clear(): void {
    this.#closed = true;
    this.buffer.drop(this.owner);
  }
}
