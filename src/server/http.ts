import type { Server as NodeHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Request, type Response } from "express";
import { hostHeaderValidation } from "@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { log } from "../log.js";
import { createSkvmServer, type ServerOptions } from "./create-server.js";
import { EventBuffer, type EventLimits } from "./event-store.js";
import { bodyErrors, HttpConfigError, isLoopback, originGuard, reject, tokenGuard } from "./http-guards.js";
import { newSessionId, Sessions, type Session } from "./http-sessions.js";
import type { Readiness } from "./readiness.js";

export interface HttpOptions extends ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Bearer token every request must carry; required for a non-loopback bind. */
  token?: string;
  /** Extra allowed browser origins (loopback origins are always allowed). */
  allowedOrigins?: string[];
  maxBodyBytes?: number;
  idleMs?: number;
  /** Concurrent requests one session may have in flight. */
  maxConcurrentCalls?: number;
  /** Bounds of the SSE history kept for resuming dropped streams (Last-Event-ID). */
  eventLimits?: EventLimits;
}

/**
 * What the priming event of each stream tells a client to wait before it reconnects with
 * Last-Event-ID: soon enough that a dropped tool call resumes quickly, not so soon that a
 * server in trouble is hammered.
 */
const SSE_RETRY_MS = 1000;

export interface HttpHandle {
  url: string;
  sessions: Sessions;
  close(): Promise<void>;
}


/**
 * Streamable HTTP at /mcp (stateful sessions) and legacy SSE at /sse + /messages, on one
 * catalog, readiness and process pool; /healthz for probes.
 */
export async function serveHttp(readiness: Readiness, opts: HttpOptions): Promise<HttpHandle> {
  if (!isLoopback(opts.host) && !opts.token) {
    throw new HttpConfigError(`refusing to listen on ${opts.host} without a token: pass --token or set SKVM_TOKEN (loopback needs none)`);
  }
  const sessions = new Sessions(opts.idleMs ?? 30 * 60_000);
  const events = new EventBuffer(opts.eventLimits);
  const app = express();
  app.disable("x-powered-by");
  const allowedHosts = isLoopback(opts.host) ? ["127.0.0.1", "localhost", "[::1]"] : [opts.host, "127.0.0.1", "localhost", "[::1]"];
  app.use(hostHeaderValidation(allowedHosts));
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true, skills: readiness.catalog.names.length, sessions: sessions.size, sseEvents: events.size });
  });
  app.use(originGuard(opts.allowedOrigins ?? []));
  app.use(tokenGuard(opts.token));
  app.use(express.json({ limit: opts.maxBodyBytes ?? 4 * 1024 * 1024 }));
  app.use(bodyErrors);

  const mcp = streamableHandler(readiness, sessions, events, opts);
  app.post("/mcp", mcp);
  app.get("/mcp", mcp);
  app.delete("/mcp", mcp);
  app.get("/sse", sseHandler(readiness, sessions, opts));
  app.post("/messages", async (req: Request, res: Response) => {
    const session = sessions.get(String(req.query.sessionId ?? ""));
    if (!session || !(session.transport instanceof SSEServerTransport)) return reject(res, 404, "Session not found");
    await session.transport.handlePostMessage(req, res, req.body);
  });

  const server = await listen(app, opts.host, opts.port);
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  // Verify sources and environments once the port is open, not before.
  setTimeout(() => void readiness.catalog.startVerification(), 100).unref();
  void readiness.catalog.whenVerified.then(() => readiness.refreshAll());
  return {
    url: `http://${host}:${port}`,
    sessions,
    async close() {
      await sessions.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function streamableHandler(readiness: Readiness, sessions: Sessions, events: EventBuffer, opts: HttpOptions) {
  return async (req: Request, res: Response) => {
    const id = req.header("mcp-session-id");
    const session = sessions.get(id);
    if (!session) {
      if (id) return reject(res, 404, "Session not found: it expired or was closed; initialize a new one");
      if (req.method !== "POST" || !isInitializeRequest(req.body)) return reject(res, 400, "Bad Request: no session; send initialize first");
      return startSession(readiness, sessions, events, opts, req, res);
    }
    if (!(session.transport instanceof StreamableHTTPServerTransport)) return reject(res, 400, "Bad Request: an SSE session; post to /messages");
    await withinLimit(session, opts, res, () => (session.transport as StreamableHTTPServerTransport).handleRequest(req, res, req.body));
  };
}

async function startSession(readiness: Readiness, sessions: Sessions, events: EventBuffer, opts: HttpOptions, req: Request, res: Response) {
  const server = createSkvmServer(readiness, opts);
  // Every stream starts with a priming event (id + retry) for clients of 2025-11-25 or later, and
  // what is sent on it is kept, so a client whose stream dropped mid-call resumes with Last-Event-ID.
  const history = events.forSession();
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: newSessionId,
    eventStore: history,
    retryInterval: SSE_RETRY_MS,
    onsessioninitialized: (id) => void sessions.add({ id, server, transport }),
    onsessionclosed: (id) => void sessions.close(id),
  });
  // Runs however the session ends (DELETE, idle expiry, shutdown): its history goes with it.
  transport.onclose = () => {
    history.clear();
    if (transport.sessionId) void sessions.close(transport.sessionId);
  };
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
}

function sseHandler(readiness: Readiness, sessions: Sessions, opts: HttpOptions) {
  return async (_req: Request, res: Response) => {
    const transport = new SSEServerTransport("/messages", res);
    const server = createSkvmServer(readiness, opts);
    sessions.add({ id: transport.sessionId, server, transport });
    res.on("close", () => void sessions.close(transport.sessionId));
    await server.connect(transport);
  };
}

/** Counts a session's requests in flight; over the limit the client is told to slow down (429). */
async function withinLimit(session: Session, opts: HttpOptions, res: Response, handle: () => Promise<void>): Promise<void> {
  const limit = opts.maxConcurrentCalls ?? 64;
  if (session.inFlight >= limit) return reject(res, 429, `Too Many Requests: at most ${limit} concurrent requests per session`);
  session.inFlight++;
  res.once("close", () => session.inFlight--);
  try {
    await handle();
  } catch (err) {
    log.error(`session ${session.id}: ${(err as Error).message}`);
    if (!res.headersSent) reject(res, 500, "Internal error");
  }
}

function listen(app: express.Express, host: string, port: number): Promise<NodeHttpServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once("error", reject);
  });
}
