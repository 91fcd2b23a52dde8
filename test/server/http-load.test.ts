// Load on `skvm serve --http`: many concurrent sessions, and many sessions opened and closed.
// Only correctness and bounded resource growth are asserted; timings never are (DESIGN rule).
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/server.js";

const SKILLS = resolve("skills");
const SKILL_NAMES = ["csv-report", "git-changelog", "json-transform", "png-tools", "text-stats"];
/**
 * Every bundled file but SKILL.md (served compiled, with paths rewritten), read straight from
 * disk to compare with the answers byte for byte.
 */
const FILES = SKILL_NAMES.flatMap((skill) => walk(join(SKILLS, skill)).filter((p) => p !== "SKILL.md").map((path) => ({ skill, path })));
const ON_DISK = new Map(FILES.map((f) => [`${f.skill}/${f.path}`, readFileSync(join(SKILLS, f.skill, f.path), "utf8")]));

/**
 * RSS may grow by less than 96 MB over 1,000 sessions opened and closed after the warm-up: a leak
 * of ~100 KB or more per session (one McpServer, its transport, tool registrations and schemas)
 * crosses it. Measured growth without a leak was 15-52 MB (V8 grows its heap before collecting),
 * so 64 MB was too close to flake. The warm-up is 300 sessions, not 100: a fresh server's RSS was
 * ~145 MB after 100 sessions and still rising, then flat at 165-200 MB from ~300 to 3,000.
 */
const RSS_GROWTH_BOUND_KB = 96 * 1024;
const WARMUP_SESSIONS = 300;
/** Sessions opened and closed at once by the churn below. */
const CHURN_BATCH = 50;
/**
 * Open file descriptors may exceed the warm-up count by at most this once sessions are closed:
 * the client's idle keep-alive connections (at most one per session open at once) stay until the
 * server's keep-alive timeout (65 s, far longer than the test waits), plus a few. A leak of one
 * descriptor per session would still pass it twenty times over.
 */
const FD_SLACK = CHURN_BATCH + 10;

function walk(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "__pycache__" || e.name.startsWith(".")) return [];
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walk(join(dir, e.name), rel) : [rel];
  });
}

const contentOf = (r: object) => ((r as { content?: unknown }).content ?? []) as { type: string; text?: string; uri?: string }[];
const textOf = (r: object) => contentOf(r).find((c) => c.type === "text")?.text ?? "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `skvm serve --http --port 0`, like startHttp in helpers/server.ts, but keeping the pid. */
async function spawnHttp(args: string[]): Promise<{ url: string; pid: number; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, "serve", "--http", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SKVM_LOG_LEVEL: "warn" },
  });
  let stderr = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /over HTTP: (http:\/\/[^/\s]+)\/mcp/.exec(stderr);
      if (found?.[1]) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`expected a loopback address, got ${url}`);
  return { url, pid: child.pid!, child, stderr: () => stderr };
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

async function open(url: string, name: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
  const client = new Client({ name, version: "0" });
  await client.connect(transport);
  return { client, transport };
}

/** DELETE the session (client.close() alone only aborts the local streams), then close. */
async function shut(s: { client: Client; transport: StreamableHTTPClientTransport }): Promise<void> {
  await s.transport.terminateSession();
  await s.client.close();
}

type Health = { ok: boolean; skills: number; sessions: number; sseEvents: number };
async function healthz(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

async function waitForSessions(url: string, want: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = (await healthz(url)).sessions;
    if (seen === want) return seen;
    await sleep(100);
  }
  return seen;
}

/**
 * Polls the fd count until it has not changed for 6 s: idle keep-alive sockets from the client
 * close after ~4-5 s (undici's and Node's keep-alive timeouts).
 */
async function settledFds(pid: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = fdCount(pid);
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < 6_000) {
    await sleep(250);
    const now = fdCount(pid);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
  return last;
}

async function openAndCloseSessions(url: string, total: number, batch: number): Promise<void> {
  for (let done = 0; done < total; done += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, total - done) }, async (_, i) => {
        const s = await open(url, `churn-${done + i}`);
        await shut(s);
      }),
    );
  }
}

describe("skvm serve --http under load", () => {
  let tmp: string;
  let server: Awaited<ReturnType<typeof spawnHttp>>;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-http-load-"));
    server = await spawnHttp(["--skills", SKILLS, "--compiled", join(tmp, "compiled")]);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((r) => server.child.once("exit", r));
      server.child.kill("SIGTERM");
      await exited;
    }
    await rm(tmp, { recursive: true, force: true });
  });

  it("answers 50 concurrent sessions x 20 calls each, every answer matched to its request", async () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
    const SESSIONS = 50;
    const CALLS = 20;
    const sessions = await Promise.all(Array.from({ length: SESSIONS }, (_, s) => open(server.url, `load-${s}`)));
    expect((await healthz(server.url)).sessions).toBeGreaterThanOrEqual(SESSIONS);
    try {
      const results = await Promise.all(
        sessions.flatMap(({ client }, s) =>
          Array.from({ length: CALLS }, async (_, c) => {
            const n = s * CALLS + c;
            if (c % 2 === 0) {
              // A different file on each call (and a different rotation in each session).
              const f = FILES[(s + c / 2) % FILES.length]!;
              const r = await client.callTool({ name: "read_skill_file", arguments: { skill: f.skill, path: f.path } });
              expect(r.isError, `${f.skill}/${f.path}: ${textOf(r)}`).toBeFalsy();
              expect(textOf(r), `session ${s} call ${c}: ${f.skill}/${f.path}`).toBe(ON_DISK.get(`${f.skill}/${f.path}`));
              return `read ${f.skill}/${f.path} #${n}`;
            }
            // A different skill on each call, with a task unique to this call echoed in the answer.
            const name = SKILL_NAMES[(s + (c - 1) / 2) % SKILL_NAMES.length]!;
            const task = `load-task-session-${s}-call-${c}`;
            const r = await client.callTool({ name: "load_skill", arguments: { name, task } });
            expect(r.isError, `${name}: ${textOf(r)}`).toBeFalsy();
            const text = textOf(r);
            expect(text, `session ${s} call ${c}`).toContain(task);
            expect(text.match(/load-task-session-\d+-call-\d+/g), "no other call's task in this answer").toEqual([task]);
            const links = contentOf(r).filter((x) => x.type === "resource_link").map((x) => x.uri);
            expect(links).toContain(`skill://${name}/SKILL.md`);
            expect(links.every((u) => u?.startsWith(`skill://${name}/`)), `links of ${name}: ${links.join(", ")}`).toBe(true);
            return `load ${name} #${n}`;
          }),
        ),
      );
      expect(results).toHaveLength(SESSIONS * CALLS);
      expect(new Set(results.map((r) => r.split("#")[1])).size).toBe(SESSIONS * CALLS);
    } finally {
      await Promise.all(sessions.map(shut));
    }
    expect(await waitForSessions(server.url, 0)).toBe(0);
    // Every call's stream was primed and its answer kept for resumption; closed sessions keep nothing.
    await expect.poll(async () => (await healthz(server.url)).sseEvents).toBe(0);
  }, 120_000);

  it("opens and closes 1,000 sessions with bounded fd and RSS growth, and none left behind", async () => {
    const pid = server.pid;
    await openAndCloseSessions(server.url, WARMUP_SESSIONS, CHURN_BATCH);
    expect(await waitForSessions(server.url, 0)).toBe(0);
    const warmFds = await settledFds(pid);
    const warmRss = rssKb(pid);

    await openAndCloseSessions(server.url, 1_000, CHURN_BATCH);
    expect(await waitForSessions(server.url, 0), "sessions still open after 1,000 closed").toBe(0);

    // What closes soon has closed (the client's idle keep-alive sockets stay: see FD_SLACK).
    const fds = await settledFds(pid);
    const rss = rssKb(pid);
    const report = `fds ${warmFds} -> ${fds}, RSS ${(warmRss / 1024).toFixed(1)} MB -> ${(rss / 1024).toFixed(1)} MB`;
    console.log(`http-load: ${report}`);
    expect(fds, report).toBeLessThanOrEqual(warmFds + FD_SLACK);
    expect(rss - warmRss, report).toBeLessThan(RSS_GROWTH_BOUND_KB);
    expect(await healthz(server.url)).toMatchObject({ ok: true, skills: SKILL_NAMES.length, sessions: 0, sseEvents: 0 });
    expect(server.child.exitCode).toBeNull();
  }, 120_000);
});
