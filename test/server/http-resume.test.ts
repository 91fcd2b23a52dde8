// Resuming a Streamable HTTP stream that dropped mid-call (SSE priming events, Last-Event-ID),
// against the spawned `skvm serve --http`: once with raw HTTP, to see the wire, and once with the
// SDK client, to see that a caller simply gets its result.
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

/** Reads SSE events off a response body, one at a time (just what these tests need of the format). */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<SseEvent | undefined> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { data: "" };
          for (const line of block.split("\n")) {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (field === "id") event.id = value;
            else if (field === "retry") event.retry = Number(value);
            else if (field === "data") event.data += value;
          }
          // Keep-alive comments carry no fields.
          if (event.id !== undefined || event.data !== "") return event;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

const LATEST = "2025-11-25";

/** Writes the file the waiting script polls for in one step: it must never see it empty. */
async function raiseFlag(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** A session opened with raw HTTP at the given protocol version. */
async function openSession(url: string, version = LATEST): Promise<{ id: string; headers: Record<string, string> }> {
  const init = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "0" } } }),
  });
  const id = init.headers.get("mcp-session-id")!;
  await init.body?.cancel();
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": id, "mcp-protocol-version": version };
  const ack = await fetch(`${url}/mcp`, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
  expect(ack.status).toBe(202);
  return { id, headers };
}

describe("resuming a dropped Streamable HTTP stream with Last-Event-ID", () => {
  let root: string;
  let server: Awaited<ReturnType<typeof startHttp>>;
  const waitCall = (flag: string, id: number) =>
    JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "run_script", arguments: { skill: "waiter", script: "scripts/wait.sh", args: [flag] } } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-resume-"));
    // The script finishes only when the test says so, so its result is made while no stream is open.
    await writeSkill(join(root, "skills"), "waiter", {
      "SKILL.md": skillMd("waiter", "Waits until a file exists, then reports it", "# Run\n\n```bash\nbash scripts/wait.sh FLAG\n```\n"),
      "scripts/wait.sh": `#!/bin/bash\nwhile [ ! -e "$1" ]; do sleep 0.05; done\necho "saw $(cat "$1")"\n`,
    });
    server = await startHttp(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("primes a tool call's stream with an event id and a retry interval, then replays the result made after the drop", async () => {
    const session = await openSession(server.url);
    const flag = join(root, "flag-raw");
    const dropped = new AbortController();
    const call = await fetch(`${server.url}/mcp`, { method: "POST", headers: session.headers, body: waitCall(flag, 7), signal: dropped.signal });
    expect(call.headers.get("content-type")).toContain("text/event-stream");
    const events = sseReader(call.body!);
    const priming = await events.next();
    expect(priming).toMatchObject({ data: "", retry: 1000 });
    expect(priming!.id).toMatch(/\S/);

    // The connection drops mid-call; only then does the script finish.
    dropped.abort();
    await events.cancel();
    await raiseFlag(flag, "resumed-ok");

    // A stream the server has not yet noticed is gone is still "connected" (409): try again, as a client would.
    let resumed: Response;
    for (let attempt = 0; ; attempt++) {
      resumed = await fetch(`${server.url}/mcp`, { headers: { ...session.headers, accept: "text/event-stream", "last-event-id": priming!.id! } });
      if (resumed.status !== 409 || attempt === 100) break;
      await resumed.body?.cancel();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(resumed.status).toBe(200);
    const replay = sseReader(resumed.body!);
    const answer = await replay.next();
    await replay.cancel();
    expect(answer!.id).toMatch(/\S/);
    const message = JSON.parse(answer!.data);
    expect(message.id).toBe(7);
    expect(message.result.isError).toBeFalsy();
    expect(message.result.structuredContent.stdout).toContain("saw resumed-ok");

    await fetch(`${server.url}/mcp`, { method: "DELETE", headers: session.headers });
  });

  it("refuses a Last-Event-ID it does not hold, or one from another session, with 400", async () => {
    const owner = await openSession(server.url);
    const call = await fetch(`${server.url}/mcp`, { method: "POST", headers: owner.headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    const priming = await sseReader(call.body!).next();
    const other = await openSession(server.url);
    const headers = { ...other.headers, accept: "text/event-stream" };
    expect((await fetch(`${server.url}/mcp`, { headers: { ...headers, "last-event-id": priming!.id! } })).status).toBe(400);
    expect((await fetch(`${server.url}/mcp`, { headers: { ...headers, "last-event-id": "no-such-event" } })).status).toBe(400);
    for (const s of [owner, other]) await fetch(`${server.url}/mcp`, { method: "DELETE", headers: s.headers });
  });

  it("sends no priming event to a client of an older protocol version (it could not parse empty data)", async () => {
    const session = await openSession(server.url, "2025-06-18");
    const call = await fetch(`${server.url}/mcp`, { method: "POST", headers: session.headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    const first = await sseReader(call.body!).next();
    expect(JSON.parse(first!.data)).toMatchObject({ id: 1, result: { tools: expect.any(Array) } });
    await fetch(`${server.url}/mcp`, { method: "DELETE", headers: session.headers });
  });

  it("lets an SDK client's tool call survive its stream dropping mid-call: the client resumes and gets the result", async () => {
    const flag = join(root, "flag-sdk");
    let dropped = false;
    const resumedWith: string[] = [];
    // The network between client and server: it cuts the tool call's response after its first event.
    const flakyFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (init?.method === "GET" && headers.has("last-event-id")) resumedWith.push(headers.get("last-event-id")!);
      const res = await fetch(input, init);
      const isCall = init?.method === "POST" && typeof init.body === "string" && init.body.includes('"tools/call"');
      if (!isCall || !res.body) return res;
      const upstream = res.body.getReader();
      const cut = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await upstream.read();
          if (done || !value) return controller.close();
          controller.enqueue(value);
          if (new TextDecoder().decode(value).includes("\n\n")) {
            dropped = true;
            await upstream.cancel();
            controller.error(new TypeError("network connection lost"));
          }
        },
      });
      return new Response(cut, { status: res.status, headers: res.headers });
    };
    const client = new Client({ name: "resume-sdk", version: "0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { fetch: flakyFetch });
    await client.connect(transport);
    try {
      const call = client.callTool({ name: "run_script", arguments: { skill: "waiter", script: "scripts/wait.sh", args: [flag] } });
      await expect.poll(() => dropped, { timeout: 20_000 }).toBe(true);
      // Only now can the script finish: its result is made while the client has no stream.
      await raiseFlag(flag, "sdk-ok");
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { stdout: string }).stdout).toContain("saw sdk-ok");
      expect(resumedWith.length).toBeGreaterThan(0);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it("keeps no stream history once every session has closed", async () => {
    const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { sessions: number; sseEvents: number };
    await expect.poll(async () => (await health()).sessions).toBe(0);
    await expect.poll(async () => (await health()).sseEvents).toBe(0);
  });
});
