import { open, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../compiler/atomic-write.js";
import { log } from "../../log.js";
import { skvmHome } from "../../state-dir.js";
import { isRunning } from "../../exec/index.js";
import { isExpired, TASK_ID, TaskRecord, TERMINAL } from "./task-record.js";

/** At most this many task files are kept; past it the least recently updated go first. */
export const MAX_STORED_TASKS = 1_000;

/**
 * Tasks as files under `$SKVM_HOME/tasks`: one `<taskId>.json` per task, written atomically, so a
 * task outlives the connection that created it and every server process sharing SKVM_HOME (the
 * stateless 2026-07-28 HTTP deployment) answers for it. A `<taskId>.cancel` file beside it asks
 * the process running the task to stop it.
 */
export class TaskStore {
  constructor(
    /** The TTL this process gives its tasks: a file not written for that long may have expired. */
    private readonly ttlMs: number,
    readonly dir = join(skvmHome(), "tasks"),
    private readonly maxStored = MAX_STORED_TASKS,
  ) {}

  /** The task, or undefined when there is none (an id that is no task id names no file). */
  async read(taskId: string): Promise<TaskRecord | undefined> {
    if (!TASK_ID.test(taskId)) return undefined;
    const text = await readFile(this.#file(taskId), "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const parsed = TaskRecord.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  write(record: TaskRecord): Promise<void> {
    return writeFileAtomic(this.#file(record.taskId), JSON.stringify(record));
  }

  /** Written before the CreateTaskResult goes out: SEP-2663 wants tasks/get to find it at once. */
  async create(record: TaskRecord): Promise<void> {
    await this.write(record);
    this.prune().catch((err: Error) => log.warn(`pruning tasks in ${this.dir}: ${err.message}`));
  }

  async remove(taskId: string): Promise<void> {
    await Promise.all([rm(this.#file(taskId), { force: true }), rm(this.#marker(taskId), { force: true })]);
  }

  /** Asks whichever process runs the task to cancel it (it looks for this file while it runs). */
  async requestCancel(taskId: string): Promise<void> {
    const handle = await open(this.#marker(taskId), "w");
    await handle.close();
  }

  clearCancel(taskId: string): Promise<void> {
    return rm(this.#marker(taskId), { force: true });
  }

  cancelRequested(taskId: string): Promise<boolean> {
    return stat(this.#marker(taskId)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Drops expired tasks and keeps the folder under its cap. Only files not written for a TTL are
   * read (a task is written at least when it ends), so a prune costs a listing and a stat per
   * task. A task still running in a live process is never dropped for its age.
   */
  async prune(now = Date.now()): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
    const files = await Promise.all(names.map(async (name) => ({ id: name.slice(0, -5), mtime: (await stat(join(this.dir, name)).catch(() => undefined))?.mtimeMs })));
    const kept: { id: string; mtime: number }[] = [];
    for (const f of files) {
      if (f.mtime === undefined) continue;
      const record = f.mtime < now - this.ttlMs ? await this.read(f.id) : undefined;
      if (record && isExpired(record, now) && (TERMINAL.has(record.status) || !isRunning(record.owner))) await this.remove(f.id);
      else kept.push({ id: f.id, mtime: f.mtime });
    }
    kept.sort((a, b) => a.mtime - b.mtime);
    for (const f of kept.slice(0, Math.max(0, kept.length - this.maxStored))) await this.remove(f.id);
  }

  #file = (taskId: string): string => join(this.dir, `${taskId}.json`);
  #marker = (taskId: string): string => join(this.dir, `${taskId}.cancel`);
}
