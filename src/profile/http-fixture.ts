import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRoute } from "./probe.js";

/** A loopback JSON server for a tool.web probe; it lives for one instance run. */
export async function startHttpFixture(routes: Record<string, HttpRoute[]>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = url.search.replace(/^\?/, "");
    const route = routes[url.pathname]?.find((r) => r.query === undefined || r.query === query);
    res.setHeader("content-type", "application/json");
    if (!route) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: `no such resource: ${url.pathname}${url.search}` }));
      return;
    }
    res.end(JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
