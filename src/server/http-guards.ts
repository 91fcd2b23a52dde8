import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** A setting that makes serving over HTTP unsafe or impossible; the CLI exits 2 with it. */
export class HttpConfigError extends Error {}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export const isLoopback = (host: string): boolean => LOOPBACK_HOSTS.has(host) || host.startsWith("127.");

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

/** Bearer token check in constant time (hashing first makes the lengths equal). */
export function tokenGuard(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) return next();
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (given && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="skvm-mcp"');
    reject(res, 401, "Unauthorized: missing or wrong bearer token");
  };
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** Turns body-parser failures (too large, bad JSON) into clear HTTP errors instead of HTML pages. */
export function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === "entity.too.large") return reject(res, 413, "Payload Too Large: request body over the limit");
  if (e?.type === "entity.parse.failed") return reject(res, 400, `Parse error: ${e.message ?? "invalid JSON"}`);
  next(err);
}
