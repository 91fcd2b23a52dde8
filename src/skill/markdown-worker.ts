import { parentPort } from "node:worker_threads";
import { outlineBody } from "./markdown.js";
import type { OutlineJob, OutlineReply } from "./markdown-jobs.js";

/**
 * Runs in a worker thread with a heap limit: parses one SKILL.md body at a time. The thread that
 * sent the job enforces the deadline by terminating this one, so a body the parser would spend
 * minutes on costs its own thread and nothing else.
 */
parentPort?.on("message", (job: OutlineJob) => {
  let reply: OutlineReply;
  try {
    reply = { id: job.id, ok: true, outline: outlineBody(job.body, job.bodyStartLine) };
  } catch (err) {
    // A stack overflow on deep nesting lands here.
    reply = { id: job.id, ok: false, reason: `the parser failed (${(err as Error).message})` };
  }
  parentPort?.postMessage(reply);
});
// Loaded: from now on the sender's deadline measures parsing, not module loading on a busy machine.
parentPort?.postMessage("ready");
