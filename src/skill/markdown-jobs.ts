import type { Outline } from "./markdown.js";

/** A body to outline, sent to the Markdown worker thread. */
export interface OutlineJob {
  id: number;
  body: string;
  bodyStartLine: number;
}

export type OutlineReply = { id: number; ok: true; outline: Outline } | { id: number; ok: false; reason: string };

/** What the worker posts: "ready" once its modules are loaded, then one reply per job. */
export type WorkerMessage = "ready" | OutlineReply;
