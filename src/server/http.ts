import type { Server as NodeHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Request, type Response } from "express";
import { isInitializeRequest } from "@modelcontextprotocol/server";
import { hostHeaderValidation, NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { SSEServerTransport } from "@modelcontextprotocol/server-legacy/sse";
import { log } from "../log.js";
import { createSkvmServer, type ServerOptions } from "./create-server.js";
import { EventBuffer, type EventLimits } from "./event-store.js";
import { bearerCheck, HttpConfigError, isLoopback, originGuard, reject, requestErrors, tokenGuard } from "./http-guards.js";
import { DEFAULT_MAX_SESSIONS, newSessionId, Sessions, type Session } from "./http-sessions.js";
import { InFlightGate, requestsIn } from "./in-flight-gate.js";
import { statelessHttp, type StatelessHttp } from "./http-stateless.js";
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
  /** Sessions kept at once (default DEFAULT_MAX_SESSIONS); the idle ones make room first. */
  maxSessions?: number;
  /** Requests one session may have in flight; each member of a batch counts. */
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
const DEFAULT_MAX_CONCURRENT_CALLS = 64;
const KEEP_ALIVE_MS = 65_000;

export interface HttpHandle {
  url: string;
  sessions: Sessions;
  close(): Promise<void>;
}


/**
 * Streamable HTTP at /mcp (2025-era sessions and stateless 2026-07-28 requests) and legacy SSE
 * at /sse + /messages, on one catalog, readiness and process pool; /healthz for probes.
 */
export async function serveHttp(readiness: Readiness, opts: HttpOptions): Promise<HttpHandle> {
  if (!isLoopback(opts.host) && !opts.token) {
    throw new HttpConfigError(`refusing to listen on ${opts.host} without a token: pass --token or set SKVM_TOKEN (loopback needs none)`);
  }
  const sessions = new Sessions({ idleMs: opts.idleMs ?? 30 * 60_000, maxSessions: opts.maxSessions ?? DEFAULT_MAX_SESSIONS });
  const events = new EventBuffer(opts.eventLimits);
  const app = express();
  app.disable("x-powered-by");
  // Host names as URL parsing spells them (IPv6 in brackets): the bound address and loopback.
  const host = opts.host.includes(":") && !opts.host.startsWith("[") ? `[${opts.host}]` : opts.host;
  const validHost = hostHeaderValidation([...new Set([host.toLowerCase(), "127.0.0.1", "localhost", "[::1]"])]);
  app.use((req, res, next) => void (validHost(req, res) && next()));
  const authorized = bearerCheck(opts.token);
  // A liveness probe needs no token; what the server holds is only for those who have it.
  app.get("/healthz", (req, res) => {
    if (!authorized(req)) return void res.json({ ok: true });
    res.json({ ok: true, skills: readiness.catalog.names.length, sessions: sessions.size, sseEvents: events.size });
  });
  app.use(originGuard(opts.allowedOrigins ?? []));
  app.use(tokenGuard(authorized));
  app.use(express.json({ limit: opts.maxBodyBytes ?? 4 * 1024 * 1024 }));

  const mcp = streamableHandler(readiness, sessions, events, opts);
  const stateless = statelessHttp(readiness, opts);
  app.post("/mcp", byEra(stateless, mcp));
  app.get("/mcp", mcp);
  app.delete("/mcp", mcp);
  app.get("/sse", sseHandler(readiness, sessions, opts));
  app.post("/messages", async (req: Request, res: Response) => {
    const session = sessions.get(String(req.query.sessionId ?? ""));
    if (!session || !(session.transport instanceof SSEServerTransport)) return reject(res, 404, "Session not found");
    const transport = session.transport;
    await withinLimit(session, req, res, () => transport.handlePostMessage(req, res, req.body));
  });

  app.use(requestErrors);

  const server = await listen(app, opts.host, opts.port);
  const { port } = server.address() as AddressInfo;
  // Verify sources and environments once the port is open, not before.
  setTimeout(() => void readiness.catalog.startVerification(), 100).unref();
  void readiness.catalog.whenVerified.then(() => readiness.refreshAll());
  return {
    url: `http://${host}:${port}`,
    sessions,
    async close() {
      await Promise.all([sessions.closeAll(), stateless.close()]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A POST to /mcp is either a 2026-07-28 request (served statelessly) or part of a 2025-era
 * session (initialize starts one; the rest carry its Mcp-Session-Id). GET and DELETE /mcp
 * exist only for sessions.
 */
function byEra(stateless: StatelessHttp, session: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response) => {
    if (!req.header("mcp-session-id") && (await stateless.isModern(req))) return stateless.handle(req, res);
    return session(req, res);
  };
}

function streamableHandler(readiness: Readiness, sessions: Sessions, events: EventBuffer, opts: HttpOptions) {
  return async (req: Request, res: Response) => {
    const id = req.header("mcp-session-id");
    const session = sessions.get(id);
    if (!session) {
      if (id) return reject(res, 404, "Session not found: it expired or was closed; initialize a new one");
      if (req.method !== "POST" || !isInitializeRequest(req.body)) return reject(res, 400, "Bad Request: no session; send initialize first");
      return withRoom(sessions, res, () => startSession(readiness, sessions, events, opts, req, res));
    }
    const transport = session.transport;
    if (!(transport instanceof NodeStreamableHTTPServerTransport)) return reject(res, 400, "Bad Request: an SSE session; post to /messages");
    await withinLimit(session, req, res, () => transport.handleRequest(req, res, req.body));
  };
}

async function startSession(readiness: Readiness, sessions: Sessions, events: EventBuffer, opts: HttpOptions, req: Request, res: Response) {
  const server = createSkvmServer(readiness, opts);
  const gate = new InFlightGate(opts.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS);
  // Every stream starts with a priming event (id + retry) for clients of 2025-11-25 or later, and
  // what is sent on it is kept, so a client whose stream dropped mid-call resumes with Last-Event-ID.
  const history = events.forSession();
  const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: newSessionId,
    eventStore: history,
    retryInterval: SSE_RETRY_MS,
    onsessioninitialized: (id) => void sessions.add({ id, server, transport, gate }),
    onsessionclosed: (id) => void sessions.close(id),
  });
  // Runs however the session ends (DELETE, idle expiry, shutdown): its history goes with it.
  transport.onclose = () => {
    history.clear();
    if (transport.sessionId) void sessions.close(transport.sessionId);
  };
  await server.connect(transport);
  gate.attach(transport);
  await transport.handleRequest(req, res, req.body);
}

function sseHandler(readiness: Readiness, sessions: Sessions, opts: HttpOptions) {
  return (_req: Request, res: Response) =>
    withRoom(sessions, res, async () => {
      const transport = new SSEServerTransport("/messages", res);
      const server = createSkvmServer(readiness, opts);
      const gate = new InFlightGate(opts.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS);
      sessions.add({ id: transport.sessionId, server, transport, gate });
      res.on("close", () => void sessions.close(transport.sessionId));
      await server.connect(transport);
      gate.attach(transport);
    });
}

/** Starts a session only when the cap leaves room for it; else 503 with when to try again. */
async function withRoom(sessions: Sessions, res: Response, start: () => Promise<void>): Promise<void> {
  const admission = sessions.admit();
  if (!admission.ok) {
    res.setHeader("Retry-After", String(admission.retryAfterSeconds));
    return reject(res, 503, `Service Unavailable: at most ${sessions.limits.maxSessions} sessions and none idle to close; retry in ${admission.retryAfterSeconds} s`);
  }
  try {
    await start();
  } finally {
    admission.release();
  }
}

/**
 * Refuses a POST whose requests (each batch member counts) would take its session over the
 * limit (429) before any of them starts; the session's gate holds the limit for each request.
 */
async function withinLimit(session: Session, req: Request, res: Response, handle: () => Promise<void>): Promise<void> {
  const { limit } = session.gate;
  if (session.gate.count + requestsIn(req.body) > limit) return reject(res, 429, `Too Many Requests: at most ${limit} requests in flight per session; each member of a batch counts`);
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
    // A server that closes an idle connection after Node's 5 s races a client reusing it: when
    // the server's loop lags, the close runs before the POST that already arrived is read, and
    // the POST is lost. Clients follow the Keep-Alive hint this sends, less a margin.
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.once("error", reject);
  });
}
