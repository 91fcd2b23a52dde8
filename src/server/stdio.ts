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

/** Serves the catalog over stdin/stdout until the client disconnects. */
export async function serveStdio(readiness: Readiness, opts: ServerOptions): Promise<void> {
  const { catalog } = readiness;
  const server = createSkvmServer(readiness, opts);
  const transport = new BoundedStdioTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  server.server.oninitialized = () => {
    setTimeout(() => void catalog.startVerification(), VERIFY_AFTER_INIT_MS);
    void catalog.whenVerified.then(() => void readiness.refreshAll());
  };
  await server.connect(transport);
  // stdin closing is how a stdio client says goodbye.
  process.stdin.once("end", () => void server.close());
  await closed;
  log.debug("stdio client disconnected");
}
