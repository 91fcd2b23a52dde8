import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import { childEnv } from "../exec/index.js";
import { log } from "../log.js";
import type { TransformTask } from "./worker.js";

/** Heap limit of each worker (MiB): a runaway transform dies alone instead of taking the server down. */
export const WORKER_MEMORY_VARIABLE = "SKVM_WORKER_MAX_OLD_MB";
const DEFAULT_WORKER_MEMORY_MB = 512;
/**
 * Node's permission model, per worker thread: a transform may read files but not write them, start
 * processes, load native addons or start workers of its own. The main thread stays unrestricted.
 * Node 22 renamed the flag; 20 knows only the experimental one.
 */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
const TRANSFORM_EXEC_ARGV = [PERMISSION_FLAG, "--allow-fs-read=*", "--no-warnings"];
/** Threads beyond the first linger this long after their last task, then exit. */
const IDLE_TIMEOUT_MS = 30_000;

let pool: Piscina<TransformTask, unknown> | undefined;
/** piscina loads with the first JavaScript node, not with every server start. */
const loadPiscina = () => import("piscina");
let piscina: ReturnType<typeof loadPiscina> | undefined;

/**
 * The one worker pool every workflow shares, created on first use. Sized to the machine's cores;
 * the scheduler's slots decide how many tasks are in flight, so the pool never queues beyond them.
 * A worker that exits, throws or runs out of memory fails only its task; Piscina replaces it.
 * Workers run under Node's permission model with a scrubbed environment (TRANSFORM_EXEC_ARGV).
 */
export async function sharedPool(): Promise<Piscina<TransformTask, unknown>> {
  if (pool) return pool;
  piscina ??= loadPiscina();
  const { Piscina: Pool } = await piscina;
  if (pool) return pool;
  const memory = Number(process.env[WORKER_MEMORY_VARIABLE]);
  const created = new Pool<TransformTask, unknown>({
    filename: new URL("./worker.js", import.meta.url).href,
    // At least one: Piscina 5.3 replaces a dead worker only up to minThreads, so with 0 a task
    // queued behind a worker that exited or ran out of memory would wait forever.
    minThreads: 1,
    maxThreads: availableParallelism(),
    idleTimeout: IDLE_TIMEOUT_MS,
    execArgv: TRANSFORM_EXEC_ARGV,
    // The same allowlisted environment a skill process gets: no API key or token of the server.
    env: childEnv(process.env),
    resourceLimits: { maxOldGenerationSizeMb: Number.isInteger(memory) && memory > 0 ? memory : DEFAULT_WORKER_MEMORY_MB },
  });
  // Errors outside any task (a worker failing to start): logged, never an unhandled 'error' event.
  created.on("error", (err: unknown) => log.error({ err }, "workflow worker pool error"));
  pool = created;
  return created;
}

/** Stops the pool's threads (CLI exit, tests); the next workflow creates a fresh pool. */
export async function closePool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}
