import type { Request, Response } from "express";
import { toNodeHandler, toWebRequest } from "@modelcontextprotocol/node";
import { createMcpHandler, isLegacyRequest, type McpHttpHandler } from "@modelcontextprotocol/server";
import { log } from "../log.js";
import { createSkvmServer, type ServerOptions } from "./create-server.js";
import type { ListName } from "./list-changed.js";
import { SILENT } from "./list-changed.js";
import type { Readiness } from "./readiness.js";

/**
 * 2026-07-28 clients on /mcp: every request carries its protocol version and capabilities, so
 * each is served by a fresh instance over the shared catalog, readiness and JIT state, with no
 * session to find: any server process sharing the compiled folder and SKVM_HOME can answer it.
 * Their list changes reach them on subscriptions/listen streams.
 */
export interface StatelessHttp {
  /** Whether a POST to /mcp speaks 2026-07-28 (a per-request `_meta` envelope), not a 2025-era session. */
  isModern(req: Request): Promise<boolean>;
  handle(req: Request, res: Response): Promise<void>;
  close(): Promise<void>;
}

export function statelessHttp(readiness: Readiness, opts: ServerOptions & { maxBodyBytes?: number }): StatelessHttp {
  // 2025-era requests go to the sessions beside this (resumable streams, elicitation on the call's stream).
  const adoptVerdicts = atMostEvery(VERDICT_SYNC_MS, () => readiness.adoptRecorded());
  const handler: McpHttpHandler = createMcpHandler(async ({ era }) => {
    // Another process may have answered this client's last request: take what it recorded.
    await Promise.all([opts.jit.syncShared(), adoptVerdicts()]);
    return createSkvmServer(readiness, opts, { era, listChanged: SILENT });
  }, {
    legacy: "reject",
    onerror: (err) => log.debug(`stateless HTTP: ${err.message}`),
    ...(opts.maxBodyBytes ? { maxRequestBodySize: opts.maxBodyBytes } : {}),
  });
  const stopPublishing = publishListChanges(readiness, opts, handler);
  const node = toNodeHandler(handler);
  return {
    isModern: async (req) => !(await isLegacyRequest(await toWebRequest(req, req.body), req.body)),
    handle: (req, res) => node(req, res, req.body),
    async close() {
      stopPublishing();
      await handler.close();
    },
  };
}

/** How stale another process's environment verdicts may be here (each adoption reads every skill's verdict file). */
const VERDICT_SYNC_MS = 1_000;

/** Runs `work` at most once per `ms`; callers in between share the last run. */
function atMostEvery(ms: number, work: () => Promise<void>): () => Promise<void> {
  let last: { at: number; run: Promise<void> } | undefined;
  return () => {
    if (!last || Date.now() - last.at >= ms) last = { at: Date.now(), run: work().catch((err: Error) => log.warn(`adopting recorded verdicts: ${err.message}`)) };
    return last.run;
  };
}

/**
 * One instance that is never connected watches what every instance would show (the catalog,
 * readiness, solidified templates) and publishes each change, coalesced as for a session, to
 * the open subscriptions (list changes, and skill files a live edit changed): per-request
 * instances live too briefly to notice a change.
 */
function publishListChanges(readiness: Readiness, opts: ServerOptions, handler: McpHttpHandler): () => void {
  let built = false;
  const publish: Record<ListName, () => void> = {
    tools: () => handler.notify.toolsChanged(),
    prompts: () => handler.notify.promptsChanged(),
    resources: () => handler.notify.resourcesChanged(),
  };
  const watcher = createSkvmServer(readiness, opts, {
    era: "modern",
    listChanged: { live: () => built, send: (list) => publish[list](), updated: (uri) => handler.notify.resourceUpdated(uri) },
  });
  built = true;
  return () => watcher.server.onclose?.();
}
