import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { EventBuffer, type EventLimits, type SessionEvents } from "../../src/server/event-store.js";

const note = (n: number): JSONRPCMessage => ({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: n } });
const result = (id: number): JSONRPCMessage => ({ jsonrpc: "2.0", id, result: { content: [] } });
/** What the transport stores as a stream's first (priming) event. */
const PRIMING = {} as JSONRPCMessage;

const limits = (l: Partial<EventLimits> = {}): EventLimits => ({ maxEventsPerStream: 100, maxBytes: 1 << 20, maxAgeMs: 60_000, ...l });

async function replay(store: SessionEvents, after: string): Promise<{ streamId: string; sent: [string, JSONRPCMessage][] }> {
  const sent: [string, JSONRPCMessage][] = [];
  const streamId = await store.replayEventsAfter(after, { send: async (id, m) => void sent.push([id, m]) });
  return { streamId, sent };
}

describe("EventBuffer (SSE history for Last-Event-ID)", () => {
  it("replays what a stream sent after the client's cursor, in order, without priming events", async () => {
    const session = new EventBuffer(limits()).forSession();
    const primed = await session.storeEvent("call-1", PRIMING);
    const first = await session.storeEvent("call-1", note(1));
    await session.storeEvent("other-call", note(99));
    const second = await session.storeEvent("call-1", note(2));
    const done = await session.storeEvent("call-1", result(7));

    expect(await session.getStreamIdForEventId(primed)).toBe("call-1");
    expect(await replay(session, primed)).toEqual({ streamId: "call-1", sent: [[first, note(1)], [second, note(2)], [done, result(7)]] });
    expect((await replay(session, second)).sent).toEqual([[done, result(7)]]);
    expect((await replay(session, done)).sent).toEqual([]);
  });

  it("never lets one session resume another session's stream", async () => {
    const buffer = new EventBuffer(limits());
    const alice = buffer.forSession();
    const mallory = buffer.forSession();
    const secret = await alice.storeEvent("call-1", PRIMING);
    await alice.storeEvent("call-1", result(1));
    expect(await mallory.getStreamIdForEventId(secret)).toBeUndefined();
    await expect(replay(mallory, secret)).rejects.toThrow(/unknown event id/);
    // The standalone GET stream has the same id in every session; each still sees only its own.
    await alice.storeEvent("_GET_stream", note(1));
    const malloryGet = await mallory.storeEvent("_GET_stream", PRIMING);
    expect((await replay(mallory, malloryGet)).sent).toEqual([]);
  });

  it("keeps at most maxEventsPerStream events of a stream, dropping the oldest", async () => {
    const session = new EventBuffer(limits({ maxEventsPerStream: 3 })).forSession();
    const ids = [];
    for (let n = 0; n < 5; n++) ids.push(await session.storeEvent("call-1", note(n)));
    expect(await session.getStreamIdForEventId(ids[1]!)).toBeUndefined();
    expect((await replay(session, ids[2]!)).sent.map(([, m]) => m)).toEqual([note(3), note(4)]);
  });

  it("keeps at most maxBytes across all sessions, dropping the oldest events first", async () => {
    const size = Buffer.byteLength(JSON.stringify(note(1)));
    const buffer = new EventBuffer(limits({ maxBytes: size * 3 }));
    const a = buffer.forSession();
    const b = buffer.forSession();
    const oldest = await a.storeEvent("s", note(1));
    await b.storeEvent("s", note(2));
    await a.storeEvent("s", note(3));
    await b.storeEvent("s", note(4));
    expect(buffer.size).toBe(3);
    expect(buffer.bytes).toBeLessThanOrEqual(size * 3);
    expect(await a.getStreamIdForEventId(oldest)).toBeUndefined();
  });

  it("drops events older than maxAgeMs", async () => {
    let now = 1_000_000;
    const buffer = new EventBuffer(limits({ maxAgeMs: 1000 }), () => now);
    const session = buffer.forSession();
    const old = await session.storeEvent("s", note(1));
    now += 1500;
    const fresh = await session.storeEvent("s", note(2));
    expect(await session.getStreamIdForEventId(old)).toBeUndefined();
    expect(await session.getStreamIdForEventId(fresh)).toBe("s");
    expect(buffer.size).toBe(1);
  });

  it("forgets a session's history when it closes, and stores nothing for it afterwards", async () => {
    const buffer = new EventBuffer(limits());
    const gone = buffer.forSession();
    const kept = buffer.forSession();
    await gone.storeEvent("s", note(1));
    await gone.storeEvent("_GET_stream", note(2));
    const survivor = await kept.storeEvent("s", note(3));
    gone.clear();
    expect(buffer.size).toBe(1);
    expect(buffer.bytes).toBe(Buffer.byteLength(JSON.stringify(note(3))));
    await gone.storeEvent("s", result(1));
    expect(buffer.size).toBe(1);
    expect(await kept.getStreamIdForEventId(survivor)).toBe("s");
  });
});
