import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Limits } from "./limits.js";
import type { Outline } from "./markdown.js";
import type { OutlineJob, WorkerMessage } from "./markdown-jobs.js";

export type BoundedOutline = { ok: true; outline: Outline } | { ok: false; reason: string };

/**
 * Outlines a SKILL.md body in a worker thread, under a deadline and a heap limit. The Markdown
 * parser is superlinear on some inputs (long delimiter runs, deep nesting) that no cheap pre-scan
 * catches in general; here such a body costs at most Limits.markdownParseMs of one thread, is
 * refused with a reason, and the server's own thread never waits on it.
 */
export function outlineWithinBudget(body: string, bodyStartLine: number): Promise<BoundedOutline> {
  return new Promise((resolve) => {
    queue.push({ job: { id: ++lastId, body, bodyStartLine }, resolve });
    slots.find((s) => s.idle)?.next();
  });
}

interface Pending {
  job: OutlineJob;
  resolve: (result: BoundedOutline) => void;
}

/** Idle threads exit after this long; a server parses at start and on changes, rarely between. */
const IDLE_EXIT_MS = 5_000;
/** A thread that has not loaded its modules by then is taken as broken (a machine loaded past use). */
const START_MS = 60_000;

let lastId = 0;
const queue: Pending[] = [];

/** One thread and the job it runs; the thread is started on demand and replaced after a kill. */
class Slot {
  #worker: Worker | undefined;
  #ready = false;
  #job: Pending | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #idleExit: NodeJS.Timeout | undefined;

  get idle(): boolean {
    return this.#job === undefined;
  }

  /** Takes the next queued job, or lets the thread exit after a while. */
  next(): void {
    clearTimeout(this.#idleExit);
    const pending = queue.shift();
    if (!pending) {
      this.#idleExit = setTimeout(() => this.#stop(), IDLE_EXIT_MS).unref();
      return;
    }
    this.#job = pending;
    if (this.#worker && this.#ready) return this.#send(pending);
    this.#worker ??= this.#spawn();
    // Ref'd on purpose, as is the deadline: they keep a CLI alive until the (unref'd) thread answers or is killed.
    this.#deadline = setTimeout(() => this.#kill("the parser thread did not start"), START_MS);
  }

  /** The deadline starts when the job reaches a loaded thread, so it measures the parse alone. */
  #send(pending: Pending): void {
    clearTimeout(this.#deadline);
    const seconds = Limits.markdownParseMs / 1000;
    this.#deadline = setTimeout(() => this.#kill(`parsing took longer than ${seconds} s`), Limits.markdownParseMs);
    this.#worker?.postMessage(pending.job);
  }

  #spawn(): Worker {
    const worker = new Worker(workerFile(), {
      // Not the server's own flags (a `node -e` wrapper's would stop the thread from starting).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: Limits.markdownHeapMb, maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    const mine = () => this.#worker === worker;
    this.#ready = false;
    worker.on("message", (reply: WorkerMessage) => {
      if (!mine()) return;
      if (reply === "ready") {
        this.#ready = true;
        if (this.#job) this.#send(this.#job);
        return;
      }
      if (reply.id !== this.#job?.job.id) return;
      this.#finish(reply.ok ? { ok: true, outline: reply.outline } : { ok: false, reason: reply.reason });
    });
    worker.on("error", (err: Error & { code?: string }) => {
      if (!mine()) return;
      this.#worker = undefined;
      const oom = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.#finish({ ok: false, reason: oom ? `parsing needs more than ${Limits.markdownHeapMb} MiB` : `the parser thread failed (${err.message})` });
    });
    worker.on("exit", () => {
      if (!mine()) return;
      this.#worker = undefined;
      this.#finish({ ok: false, reason: "the parser thread exited" });
    });
    return worker;
  }

  #kill(reason: string): void {
    this.#stop();
    this.#finish({ ok: false, reason });
  }

  #stop(): void {
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.terminate();
  }

  #finish(result: BoundedOutline): void {
    const pending = this.#job;
    if (!pending) return;
    this.#job = undefined;
    clearTimeout(this.#deadline);
    pending.resolve(result);
    this.next();
  }
}

const slots = Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, () => new Slot());

/**
 * The worker's compiled file. Under a test runner this module is TypeScript source that Node
 * cannot start as a thread, so the built copy next to it in dist/ runs instead.
 */
function workerFile(): URL {
  const here = new URL(import.meta.url);
  if (!here.pathname.endsWith(".ts")) return new URL("./markdown-worker.js", here);
  return new URL(`../../dist/src/skill/markdown-worker.js`, here);
}
