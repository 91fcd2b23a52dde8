import { createHash, timingSafeEqual } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { log } from "../log.js";

/** A setting that makes serving over HTTP unsafe or impossible; the CLI exits 2 with it. */
export class HttpConfigError extends Error {}

/**
 * A host that can only mean this machine: `localhost`, an IPv4 literal in 127.0.0.0/8, or the
 * IPv6 loopback (brackets optional, any spelling of ::1, or 127/8 mapped into IPv6). Parsed,
 * never matched by prefix: `127.evil.example` is a name anyone can point anywhere.
 */
export function isLoopback(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (isIPv4(bare)) return bare.split(".")[0] === "127";
  // A zone id (fe80::1%eth0) names a link, never loopback; URL refuses it.
  if (!isIPv6(bare) || bare.includes("%")) return false;
  // The URL parser canonicalises IPv6 (0:0::1 -> ::1, ::ffff:127.0.0.1 -> ::ffff:7f00:1).
  const canonical = new URL(`http://[${bare}]`).hostname;
  return canonical === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** A JSON-RPC shaped HTTP error, so MCP clients can show it. */
export function reject(res: Response, status: number, message: string): void {
  res.status(status).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}

/**
 * Browsers send Origin; a page on another site must not drive a local server (the SDK checks
 * Host, not Origin). Requests without Origin (CLI clients) pass.
 */
export function originGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowedOrigins.includes(origin) || isLoopbackOrigin(origin)) return next();
    reject(res, 403, `Forbidden: Origin ${origin} is not allowed`);
  };
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Whether a request carries the bearer token, checked in constant time (hashing first makes the
 * lengths equal). With no token configured every request is authorized.
 */
export function bearerCheck(token: string | undefined): (req: Request) => boolean {
  const expected = token ? digest(token) : undefined;
  return (req) => {
    if (!expected) return true;
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    return given !== "" && timingSafeEqual(digest(given), expected);
  };
}

export function tokenGuard(authorized: (req: Request) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (authorized(req)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="skvm-mcp"');
    reject(res, 401, "Unauthorized: missing or wrong bearer token");
  };
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/**
 * The last handler: any error a request raised (a body that is too large, bad JSON, a
 * Content-Length the body does not match, a client that hung up mid-body, a bug) becomes a
 * JSON-RPC shaped HTTP error and one log line, never Express's HTML page and stack trace.
 */
export function requestErrors(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  const status = typeof e?.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500;
  const message = status === 500 ? "Internal error" : clientErrorMessage(e);
  if (status === 500) log.error({ err }, `HTTP ${req.method} ${req.path}: internal error`);
  else log.warn({ status, type: e.type }, `HTTP ${req.method} ${req.path}: ${message}`);
  // The client may be gone (request.aborted): there is nobody to answer.
  if (res.headersSent || res.destroyed) return;
  reject(res, status, message);
}

function clientErrorMessage(e: { type?: string; message?: string }): string {
  if (e.type === "entity.too.large") return "Payload Too Large: request body over the limit";
  if (e.type === "entity.parse.failed") return `Parse error: ${e.message ?? "invalid JSON"}`;
  if (e.type === "request.size.invalid") return "Bad Request: the body does not match its Content-Length";
  if (e.type === "request.aborted") return "Bad Request: the body ended before its Content-Length";
  return `Bad Request: ${e.message ?? "malformed request"}`;
}
