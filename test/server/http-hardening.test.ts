import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, SSEClientTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowSkill } from "../dag/fixtures.js";
import { initializeBody, rawHttp } from "../helpers/http.js";
import { CLI, startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

type Server = Awaited<ReturnType<typeof startHttp>>;

/** A skills folder built here: a plain skill for run_code, and a workflow whose JS step returns 200 MB. */
async function skillsRoot(tmp: string): Promise<string> {
  const root = join(tmp, "skills");
  await writeSkill(root, "plain", { "SKILL.md": skillMd("plain", "A skill with no requirements.") });
  const steps = ["nodes:", "  - { id: flood, run: { js: 'return \"x\".repeat(200 * 1024 * 1024)' } }"].join("\n");
  await writeSkill(root, "flood", { "SKILL.md": workflowSkill("flood", steps) });
  return root;
}

/** Initializes a Streamable HTTP session with raw requests; its id, or the refusal. */
async function openSession(url: string): Promise<{ id?: string; status: number; retryAfter?: string }> {
  const res = await rawHttp(`${url}/mcp`, { body: initializeBody });
  const id = res.headers["mcp-session-id"] as string | undefined;
  if (id) await rawHttp(`${url}/mcp`, { headers: { "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" }, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
  return { id, status: res.status, retryAfter: res.headers["retry-after"] as string | undefined };
}

const listTools = (url: string, session: string) =>
  rawHttp(`${url}/mcp`, { headers: { "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });

/** The most memory the process has held (Linux VmHWM), in MiB. */
const peakRssMiB = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

describe("skvm serve --http: hardening", () => {
  let tmp: string;
  let server: Server;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-http-hard-"));
    server = await startHttp(["--skills", await skillsRoot(tmp), "--compiled", join(tmp, "compiled")], { SKVM_LOG_LEVEL: "info" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("parses origins instead of matching a prefix: 127.0.0.1.evil.example and 127.evil.example are foreign", async () => {
    for (const origin of ["http://127.0.0.1.evil.example", "http://127.evil.example", "http://localhost.evil.example"]) {
      expect((await rawHttp(`${server.url}/mcp`, { headers: { origin }, body: initializeBody })).status, origin).toBe(403);
    }
    for (const origin of ["http://127.0.0.2:8080", "http://[::1]:5173", "http://localhost"]) {
      expect((await rawHttp(`${server.url}/mcp`, { headers: { origin }, body: initializeBody })).status, origin).toBe(200);
    }
  });

  it("answers a lying Content-Length with a 400 and one log line, never a stack trace", async () => {
    const port = Number(new URL(server.url).port);
    const reply = await new Promise<string>((resolveReply, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
        // Promises 1000 bytes, sends fewer, then ends its side of the connection.
        socket.end(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n${body}`);
      });
      let got = "";
      socket.on("data", (c: Buffer) => (got += c.toString()));
      socket.on("close", () => resolveReply(got));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await expect.poll(() => server.stderr()).toContain("the body ended before its Content-Length");
    expect(server.stderr()).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("counts each member of a batch against the session's limit: 100 run_code calls in one POST are refused (429)", async () => {
    const { id } = await openSession(server.url);
    const markers = join(tmp, "markers");
    const calls = Array.from({ length: 100 }, (_, i) => ({
      jsonrpc: "2.0",
      id: 10 + i,
      method: "tools/call",
      params: { name: "run_code", arguments: { skill: "plain", language: "bash", code: `mkdir -p "${markers}" && touch "${markers}/${i}"` } },
    }));
    const res = await rawHttp(`${server.url}/mcp`, { headers: { "mcp-session-id": id!, "mcp-protocol-version": "2025-06-18" }, body: JSON.stringify(calls) });
    expect(res.status).toBe(429);
    expect(res.body).toContain("each member of a batch counts");
    await expect(readdir(markers)).rejects.toThrow(/ENOENT/);
  });

  it("holds the limit for requests that arrive one by one over legacy SSE (/messages answers 202 before the work ends)", async () => {
    const client = new Client({ name: "sse-flood", version: "0" });
    await client.connect(new SSEClientTransport(new URL(`${server.url}/sse`)));
    const refused: unknown[] = [];
    let finished = 0;
    try {
      // Each call waits a minute, so the first 64 are all still in flight when the last two arrive.
      for (let i = 0; i < 66; i++) {
        client
          .callTool({ name: "run_code", arguments: { skill: "plain", language: "bash", code: "sleep 60" } }, { timeout: 120_000 })
          .then(() => finished++, (err: unknown) => (/too.many.requests/i.test(String(err)) ? refused.push(err) : finished++));
      }
      await expect.poll(() => refused.length, { timeout: 60_000, interval: 200 }).toBe(2);
      expect(finished).toBe(0);
    } finally {
      // Closing the session aborts its runs and kills their processes.
      await client.close();
    }
  }, 120_000);

  it("fails a JS step returning 200 MB in its worker and stays up, within a memory bound", async () => {
    const client = new Client({ name: "flood", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    try {
      const result = await client.callTool({ name: "run_workflow", arguments: { skill: "flood" } }, { timeout: 120_000 });
      const [node] = (result.structuredContent as { nodes: { status: string; error?: string }[] }).nodes;
      expect(node).toMatchObject({ status: "failed", error: expect.stringContaining("STEP_RESULT_TOO_LARGE") });
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    // The worker holds the 200 MB string it built; nothing of that size is copied or serialized.
    expect(peakRssMiB(server.pid)).toBeLessThan(1024);
  }, 180_000);
});

describe("skvm serve --http: sessions and probes", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-http-caps-"));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("caps sessions (SKVM_MAX_SESSIONS): 503 with Retry-After while none is idle, then the least recently used one makes room", async () => {
    const server = await startHttp(["--skills", await skillsRoot(tmp), "--compiled", join(tmp, "compiled-sessions")], { SKVM_MAX_SESSIONS: "2" });
    try {
      const first = await openSession(server.url);
      const second = await openSession(server.url);
      expect([first.status, second.status]).toEqual([200, 200]);
      const refused = await openSession(server.url);
      expect(refused.status).toBe(503);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(5);
      // Keep the second session in use, so the first is the one that goes.
      expect((await listTools(server.url, second.id!)).status).toBe(200);
      let third = refused;
      for (const until = Date.now() + 20_000; third.status !== 200 && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, Number(third.retryAfter ?? 1) * 1000));
        third = await openSession(server.url);
      }
      expect(third.status).toBe(200);
      expect((await listTools(server.url, first.id!)).status).toBe(404);
      expect((await listTools(server.url, second.id!)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("tells /healthz callers without the token only that it is alive", async () => {
    const server = await startHttp(["--skills", await skillsRoot(tmp), "--compiled", join(tmp, "compiled-token")], { SKVM_TOKEN: "probe-token" });
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
      expect(await (await fetch(`${server.url}/healthz`, { headers: { authorization: "Bearer wrong" } })).json()).toEqual({ ok: true });
      const full = await (await fetch(`${server.url}/healthz`, { headers: { authorization: "Bearer probe-token" } })).json();
      expect(full).toMatchObject({ ok: true, skills: 2, sessions: 0 });
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("treats --host 127.example.invalid as the name it is: not loopback, so it needs a token", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--http", "--host", "127.example.invalid", "--port", "0", "--skills", await skillsRoot(tmp), "--compiled", join(tmp, "compiled-host")], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, SKVM_TOKEN: "" },
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    expect(await new Promise((r) => child.once("exit", r))).toBe(2);
    expect(stderr).toContain("refusing to listen on 127.example.invalid without a token");
  }, 120_000);
});
