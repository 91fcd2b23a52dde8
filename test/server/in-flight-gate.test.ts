import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { Client } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { InFlightGate } from "../../src/server/in-flight-gate.js";

/** A server whose `wait` tool finishes only when the test says so, behind a gate of `limit`. */
async function gated(limit: number) {
  const server = new McpServer({ name: "gated", version: "0" });
  const waiting: (() => void)[] = [];
  server.registerTool("wait", { description: "waits until released" }, async () => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    return { content: [{ type: "text", text: "done" }] };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const gate = new InFlightGate(limit);
  await server.connect(serverSide);
  gate.attach(serverSide);
  const client = new Client({ name: "t", version: "0" });
  await client.connect(clientSide);
  const releaseAll = () => waiting.splice(0).forEach((release) => release());
  return { client, gate, waiting, releaseAll, close: () => client.close() };
}

describe("InFlightGate", () => {
  it("refuses a request over the limit before it reaches a handler, and counts down as responses go out", async () => {
    const { client, gate, waiting, releaseAll, close } = await gated(2);
    try {
      const first = client.callTool({ name: "wait" });
      const second = client.callTool({ name: "wait" });
      await expect(client.callTool({ name: "wait" })).rejects.toThrow(/TOO_MANY_REQUESTS: at most 2/);
      expect(waiting.length).toBe(2);
      expect(gate.count).toBe(2);
      releaseAll();
      await Promise.all([first, second]);
      expect(gate.count).toBe(0);
      const third = client.callTool({ name: "wait" });
      await expect.poll(() => waiting.length).toBe(1);
      releaseAll();
      expect(await third).toMatchObject({ content: [{ text: "done" }] });
    } finally {
      await close();
    }
  });

  it("stops counting a request the client cancelled (it gets no response)", async () => {
    const { client, gate, waiting, releaseAll, close } = await gated(1);
    try {
      const abort = new AbortController();
      const cancelled = client.callTool({ name: "wait" }, { signal: abort.signal });
      await expect.poll(() => waiting.length).toBe(1);
      abort.abort();
      await expect(cancelled).rejects.toThrow();
      await expect.poll(() => gate.count).toBe(0);
      const next = client.callTool({ name: "wait" });
      await expect.poll(() => waiting.length).toBe(2);
      releaseAll();
      await next;
    } finally {
      await close();
    }
  });
});
