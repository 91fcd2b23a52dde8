import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { log } from "../log.js";
import { describeProblem, type Catalog } from "./catalog.js";
import { createSkvmServer, type ServerOptions } from "./create-server.js";

/** Serves the catalog over stdin/stdout until the client disconnects. */
export async function serveStdio(catalog: Catalog, opts: ServerOptions = {}): Promise<void> {
  const server = createSkvmServer(catalog, opts);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  server.server.oninitialized = () =>
    void catalog.ready.then(() => {
      for (const problem of catalog.problems) {
        void server.sendLoggingMessage({ level: "warning", logger: "skvm", data: `skill not served: ${describeProblem(problem)}` });
      }
    });
  await server.connect(transport);
  void catalog.startVerification();
  // stdin closing is how a stdio client says goodbye.
  process.stdin.once("end", () => void server.close());
  await closed;
  log.debug("stdio client disconnected");
}
