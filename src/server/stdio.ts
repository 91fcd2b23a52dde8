import { serveStdio as serveBothEras } from "@modelcontextprotocol/server/stdio";
import { log } from "../log.js";
import type { Readiness } from "./readiness.js";
import { createSkvmServer, type ServerOptions } from "./create-server.js";
import { BoundedStdioTransport } from "./stdio-transport.js";

/**
 * Verification of the catalog starts this long after the client is initialized (or at the first
 * request for skill content, whichever is first), so it does not compete with the listing
 * burst every client sends right after connecting.
 */
const VERIFY_AFTER_INIT_MS = 100;

/**
 * Serves the catalog over stdin/stdout until the client disconnects, to a client of either
 * protocol era: the connection's first message decides (initialize: a 2025-era session;
 * a request with a 2026-07-28 envelope, or server/discover: per-request 2026-07-28 serving,
 * where list changes reach the client through subscriptions/listen).
 */
export async function serveStdio(readiness: Readiness, opts: ServerOptions): Promise<void> {
  const { catalog } = readiness;
  let verifying = false;
  const verifySoon = () => {
    if (verifying) return;
    verifying = true;
    setTimeout(() => void catalog.startVerification(), VERIFY_AFTER_INIT_MS);
    void catalog.whenVerified.then(() => void readiness.refreshAll());
  };
  const handle = serveBothEras(
    ({ era }) => {
      const server = createSkvmServer(readiness, opts, { era });
      if (era === "modern") {
        // No initialize on this connection: its first request is the moment.
        verifySoon();
        return server;
      }
      server.server.oninitialized = verifySoon;
      return server;
    },
    { transport: new BoundedStdioTransport(), onerror: (err) => log.debug(`stdio: ${err.message}`) },
  );
  // stdin closing is how a stdio client says goodbye.
  await new Promise<void>((resolve) => process.stdin.once("end", resolve).once("error", () => resolve()));
  await handle.close();
  log.debug("stdio client disconnected");
}
