import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";

export const CLI = resolve("dist/bin/skvm.js");

export interface Connected {
  client: Client;
  transportErrors: Error[];
  stderr: () => string;
  close: () => Promise<void>;
  /** The server process. */
  pid: number | null;
}

/** Spawns the built `skvm serve` (in `cwd` when given) and connects the SDK client (a plain one unless given) over stdio. */
export async function connectStdio(args: string[], env: Record<string, string> = {}, client = new Client({ name: "skvm-test", version: "0" }), cwd?: string): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "serve", ...args],
    ...(cwd ? { cwd } : {}),
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "warn", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const transportErrors: Error[] = [];
  await client.connect(transport);
  // Set after connect: the client installs its own handler during connect.
  const previous = transport.onerror;
  transport.onerror = (err) => {
    transportErrors.push(err);
    previous?.(err);
  };
  return { client, transportErrors, stderr: () => stderr, close: () => client.close(), pid: transport.pid };
}

/** Sends raw JSON-RPC lines to `skvm serve` and returns every stdout line it printed. */
export async function rawStdioExchange(args: string[], messages: object[], waitForIds: number[]): Promise<string[]> {
  const child = spawn(process.execPath, [CLI, "serve", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const done = new Promise<void>((resolveDone, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer; stdout so far: ${out}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const seen = out.split("\n").filter(Boolean).map((l) => { try { return JSON.parse(l).id; } catch { return undefined; } });
      if (waitForIds.every((id) => seen.includes(id))) {
        clearTimeout(timer);
        resolveDone();
      }
    });
  });
  for (const m of messages) child.stdin.write(`${JSON.stringify(m)}\n`);
  await done;
  child.stdin.end();
  await new Promise((r) => child.once("exit", r));
  return out.split("\n").filter((l) => l.length > 0);
}

/** Starts `skvm serve --http --port 0 ...` and resolves with its base URL once it listens. */
export async function startHttp(args: string[], env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void>; stderr: () => string; pid: number }> {
  const child = spawn(process.execPath, [CLI, "serve", "--http", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SKVM_LOG_LEVEL: "warn", ...env },
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
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, stop, stderr: () => stderr, pid: child.pid! };
}
