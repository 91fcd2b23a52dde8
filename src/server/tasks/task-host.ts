import { randomUUID } from "node:crypto";
import { isRunning, selfIdentity } from "../../exec/index.js";
import { log } from "../../log.js";
import { isExpired, type TaskRecord, TERMINAL } from "./task-record.js";
import { TaskStore } from "./task-store.js";

/** What bounds the tasks of one server process. */
export interface TaskLimits {
  /** Tasks running at once in this process (`SKVM_MAX_TASKS`, default 16). */
  maxLive: number;
  /** How long a task is kept, from creation; a task that ends keeps its result this long after (`SKVM_TASK_TTL_MS`, default 1 h). */
  ttlMs: number;
  /** Suggested between two tasks/get of one task. */
  pollIntervalMs: number;
  /** A result larger than this (as JSON) is not kept: the task fails with TASK_RESULT_TOO_LARGE (`SKVM_TASK_MAX_RESULT_BYTES`, default 7 MiB: a tasks/get carrying it still fits one 8 MiB stdio message). */
  maxResultBytes: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = { maxLive: 16, ttlMs: 60 * 60_000, pollIntervalMs: 500, maxResultBytes: 7 * 1024 * 1024 };

export function taskLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TaskLimits {
  const positive = (name: string, fallback: number): number => {
    const n = Number(env[name]);
    return Number.isSafeInteger(n) && n > 0 ? n : fallback;
  };
  return {
    ...DEFAULT_TASK_LIMITS,
    maxLive: positive("SKVM_MAX_TASKS", DEFAULT_TASK_LIMITS.maxLive),
    ttlMs: positive("SKVM_TASK_TTL_MS", DEFAULT_TASK_LIMITS.ttlMs),
    maxResultBytes: positive("SKVM_TASK_MAX_RESULT_BYTES", DEFAULT_TASK_LIMITS.maxResultBytes),
  };
}

/** A task refused because this process already runs as many as it may. */
export class TaskLimitError extends Error {
  constructor(max: number) {
    super(`TASK_LIMIT: this server already runs ${max} tasks (SKVM_MAX_TASKS); wait for one to end (tasks/get) or cancel one (tasks/cancel), then call again`);
  }
}

/** How often a process looks for cancel requests another process left for its tasks. */
const CANCEL_POLL_MS = 250;
/** Status changes within this window are written once. */
const STATUS_WRITE_MS = 200;

/** A JSON-RPC error as a failed task carries it. */
export type TaskError = NonNullable<TaskRecord["error"]>;

/** How the work of a task ended. */
export type TaskOutcome = { result: Record<string, unknown> } | { error: TaskError };

/**
 * One task running in this process: its record (kept current in memory, written to the store
 * at most every 200 ms and at once when it ends) and the controller that stops its work.
 */
export class LiveTask {
  /** Resolves once tasks/get finds the task (the CreateTaskResult must not go out before). */
  readonly created: Promise<void>;
  #writes: Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #ending = false;

  constructor(
    readonly record: TaskRecord,
    readonly controller: AbortController,
    private readonly host: TaskHost,
  ) {
    this.created = host.store.create(record);
    this.#writes = this.created.catch(() => undefined);
  }

  progress(message: string): void {
    if (this.#ending) return;
    Object.assign(this.record, { statusMessage: message, lastUpdatedAt: new Date().toISOString() });
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#write({ ...this.record });
    }, STATUS_WRITE_MS);
  }

  /**
   * The terminal state: cancelled when a cancel reached the work first, else what the work gave.
   * Shown here only once it is on disk, so no process ever sees it ended and another not yet.
   */
  async settle(outcome: TaskOutcome): Promise<void> {
    this.#ending = true;
    if (this.#timer) clearTimeout(this.#timer);
    const now = new Date();
    const { record } = this;
    const cancelled = this.controller.signal.aborted;
    const bounded = "result" in outcome ? this.#bounded(outcome.result) : outcome;
    const ended: TaskRecord = {
      ...record,
      status: cancelled ? "cancelled" : "result" in bounded ? "completed" : "failed",
      statusMessage: cancelled ? "cancelled (tasks/cancel): the work was stopped" : endMessage(bounded),
      lastUpdatedAt: now.toISOString(),
      // Kept a full TTL after it ends, however long it ran.
      ttlMs: Math.max(record.ttlMs, now.getTime() - Date.parse(record.createdAt) + this.host.limits.ttlMs),
      ...(cancelled ? {} : bounded),
    };
    await this.#write(ended);
    Object.assign(this.record, ended);
    this.host.ended(this);
  }

  #bounded(result: Record<string, unknown>): TaskOutcome {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes <= this.host.limits.maxResultBytes) return { result };
    return { error: { code: -32603, message: `TASK_RESULT_TOO_LARGE: the result is ${bytes} bytes of JSON, over the ${this.host.limits.maxResultBytes}-byte limit of a task; ask for less` } };
  }

  #write(snapshot: TaskRecord): Promise<void> {
    this.#writes = this.#writes.then(() => this.host.store.write(snapshot)).catch((err: Error) => log.warn(`task ${snapshot.taskId}: writing its state: ${err.message}`));
    return this.#writes;
  }
}

/** The last status message: whether the tool's answer is a success (a tool error is still `completed`). */
function endMessage(outcome: TaskOutcome): string {
  if ("error" in outcome) return outcome.error.message;
  return outcome.result.isError === true ? "done, with a tool error: see the result" : "done";
}

/**
 * The tasks of this process and the way to any task in the store: a task running here is read
 * from memory, any other from its file (a task whose process is gone is settled as failed).
 */
export class TaskHost {
  readonly #live = new Map<string, LiveTask>();
  #poll: NodeJS.Timeout | undefined;

  constructor(
    readonly store: TaskStore,
    readonly limits: TaskLimits,
  ) {}

  /** A new task for work about to start, stopped through `controller`; refused at the cap. */
  start(tool: string, controller: AbortController): LiveTask {
    if (this.#live.size >= this.limits.maxLive) throw new TaskLimitError(this.limits.maxLive);
    const now = new Date().toISOString();
    const record: TaskRecord = {
      taskId: randomUUID(),
      status: "working",
      statusMessage: `${tool} started`,
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.limits.ttlMs,
      pollIntervalMs: this.limits.pollIntervalMs,
      owner: { ...selfIdentity(), tool },
    };
    const task = new LiveTask(record, controller, this);
    this.#live.set(record.taskId, task);
    this.#poll ??= setInterval(() => void this.#pollCancels(), CANCEL_POLL_MS).unref();
    return task;
  }

  /** Called by a task once its terminal state is written. */
  ended(task: LiveTask): void {
    this.#live.delete(task.record.taskId);
    void this.store.clearCancel(task.record.taskId).catch(() => undefined);
    if (this.#live.size === 0 && this.#poll) {
      clearInterval(this.#poll);
      this.#poll = undefined;
    }
  }

  /** The task as it is now, or undefined when there is none (never was, or expired). */
  async get(taskId: string): Promise<TaskRecord | undefined> {
    const live = this.#live.get(taskId);
    if (live) return { ...live.record };
    const record = await this.store.read(taskId);
    if (!record) return undefined;
    if (!TERMINAL.has(record.status) && !this.#runningElsewhere(record)) return this.#abandoned(record);
    if (TERMINAL.has(record.status) && isExpired(record)) {
      await this.store.remove(taskId);
      return undefined;
    }
    return record;
  }

  /**
   * Asks for the task to stop: at once when it runs here, else through the store for the process
   * running it. False when there is no such task. A task that already ended stays as it is.
   */
  async cancel(taskId: string): Promise<boolean> {
    const live = this.#live.get(taskId);
    if (live) {
      live.controller.abort(new Error("cancelled (tasks/cancel)"));
      return true;
    }
    const record = await this.get(taskId);
    if (!record) return false;
    if (!TERMINAL.has(record.status)) await this.store.requestCancel(taskId);
    return true;
  }

  #runningElsewhere(record: TaskRecord): boolean {
    return record.owner.pid !== process.pid && isRunning(record.owner);
  }

  /** A task whose process stopped (killed, or its client closed stdio) before it ended. */
  async #abandoned(record: TaskRecord): Promise<TaskRecord> {
    const message = `TASK_ABANDONED: the server process that ran this task (pid ${record.owner.pid}) stopped before it ended; call ${record.owner.tool} again`;
    const failed: TaskRecord = { ...record, status: "failed", statusMessage: message, lastUpdatedAt: new Date().toISOString(), error: { code: -32603, message } };
    await this.store.write(failed).catch((err: Error) => log.warn(`task ${record.taskId}: ${err.message}`));
    return failed;
  }

  async #pollCancels(): Promise<void> {
    for (const task of this.#live.values()) {
      if (!task.controller.signal.aborted && (await this.store.cancelRequested(task.record.taskId))) task.controller.abort(new Error("cancelled (tasks/cancel)"));
    }
  }
}

let shared: TaskHost | undefined;

/** The tasks of this process, stored under this process's SKVM_HOME. */
export function taskHost(): TaskHost {
  if (!shared) {
    const limits = taskLimitsFromEnv();
    shared = new TaskHost(new TaskStore(limits.ttlMs), limits);
  }
  return shared;
}
