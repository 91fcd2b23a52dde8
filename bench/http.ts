import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { median, percentile, type BenchRow } from "./stats.js";

const CLI = resolve("dist/bin/skvm.js");
const SKILLS = resolve("skills");
const CALL = { name: "read_skill_file", arguments: { skill: "csv-report", path: "scripts/validate.py" } };

/** `skvm serve --http --port 0` on loopback; resolves with its base URL once it listens. */
async function startHttpServer(args: string[], env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, "serve", "--http", "--port", "0", ...args], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
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
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, stop };
}

/**
 * Every client makes `calls` sequential read_skill_file calls (after `warmup` untimed ones), all
 * clients at once. Returns each call's latency (ms) and the wall time of the timed phase.
 */
async function drive(clients: Client[], calls: number, warmup: number): Promise<{ latencies: number[]; wallMs: number }> {
  const check = (r: Awaited<ReturnType<Client["callTool"]>>) => {
    if (r.isError) throw new Error(`read_skill_file failed: ${JSON.stringify(r.content)}`);
  };
  await Promise.all(clients.map(async (c) => { for (let i = 0; i < warmup; i++) check(await c.callTool(CALL)); }));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < calls; i++) {
        const s = performance.now();
        check(await c.callTool(CALL));
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

/**
 * tools/call throughput and latency of read_skill_file over Streamable HTTP with 1, 8 and 32
 * concurrent clients (a session each), against the stdio server with one client measured in
 * the same run (ratio = HTTP p50 / stdio p50); then one 2026-07-28 client (stateless requests).
 */
export async function benchHttp(runs: number, concurrency: number[] = [1, 8, 32]): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-http-"));
  const env = { SKVM_LOG_LEVEL: "silent", SKVM_HOME: join(root, "home") };
  const serveArgs = ["--skills", SKILLS, "--compiled", join(root, "compiled")];
  const calls = runs * 20;
  const warmup = 10;
  const rows: BenchRow[] = [];
  try {
    // Baseline: the stdio server, one client.
    const stdio = new StdioClientTransport({ command: process.execPath, args: [CLI, "serve", ...serveArgs], stderr: "ignore", env: { ...(process.env as Record<string, string>), ...env } });
    const stdioClient = new Client({ name: "bench-stdio", version: "0" });
    await stdioClient.connect(stdio);
    let base: { latencies: number[]; wallMs: number };
    try {
      base = await drive([stdioClient], calls, warmup);
    } finally {
      await stdioClient.close();
    }
    const stdioP50 = median(base.latencies);
    const baseline = "stdio, 1 client (p50)";
    rows.push(
      { suite: "http", case: "stdio, 1 client: read_skill_file p50", median: stdioP50, unit: "ms" },
      { suite: "http", case: "stdio, 1 client: read_skill_file p99", median: percentile(base.latencies, 99), unit: "ms" },
      { suite: "http", case: "stdio, 1 client: tools/call throughput", median: (base.latencies.length / base.wallMs) * 1000, unit: "calls/s" },
    );

    const server = await startHttpServer(serveArgs, env);
    try {
      for (const n of concurrency) {
        const sessions = await Promise.all(
          Array.from({ length: n }, async (_, i) => {
            const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
            const client = new Client({ name: `bench-http-${i}`, version: "0" });
            await client.connect(transport);
            return { client, transport };
          }),
        );
        try {
          const { latencies, wallMs } = await drive(sessions.map((s) => s.client), calls, warmup);
          const p50 = median(latencies);
          rows.push(
            { suite: "http", case: `HTTP, ${n} concurrent client${n > 1 ? "s" : ""}: read_skill_file p50`, median: p50, unit: "ms", baseline, ratio: p50 / stdioP50 },
            { suite: "http", case: `HTTP, ${n} concurrent client${n > 1 ? "s" : ""}: read_skill_file p99`, median: percentile(latencies, 99), unit: "ms" },
            { suite: "http", case: `HTTP, ${n} concurrent client${n > 1 ? "s" : ""}: tools/call throughput`, median: (latencies.length / wallMs) * 1000, unit: "calls/s" },
          );
        } finally {
          await Promise.all(sessions.map(async (s) => { await s.transport.terminateSession().catch(() => undefined); await s.client.close(); }));
        }
      }
      // A 2026-07-28 client: no session, every request served by a fresh instance over the shared catalog.
      const modern = new Client({ name: "bench-http-modern", version: "0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
      await modern.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      try {
        const { latencies, wallMs } = await drive([modern], calls, warmup);
        const p50 = median(latencies);
        rows.push(
          { suite: "http", case: "HTTP 2026-07-28 (stateless), 1 client: read_skill_file p50", median: p50, unit: "ms", baseline, ratio: p50 / stdioP50 },
          { suite: "http", case: "HTTP 2026-07-28 (stateless), 1 client: read_skill_file p99", median: percentile(latencies, 99), unit: "ms" },
          { suite: "http", case: "HTTP 2026-07-28 (stateless), 1 client: tools/call throughput", median: (latencies.length / wallMs) * 1000, unit: "calls/s" },
        );
      } finally {
        await modern.close();
      }
    } finally {
      await server.stop();
    }
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
