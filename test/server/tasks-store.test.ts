// The task store keeps its folder bounded: expired tasks go, a task still running in a live
// process never goes for its age, and past the cap the least recently updated go first.
import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TaskRecord } from "../../src/server/tasks/task-record.js";
import { TaskStore } from "../../src/server/tasks/task-store.js";
import { selfIdentity } from "../../src/exec/process-identity.js";

const HOUR = 60 * 60_000;
let n = 0;
const record = (over: Partial<TaskRecord> = {}): TaskRecord => {
  const at = new Date(Date.now() - 2 * HOUR).toISOString();
  return {
    taskId: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    status: "completed",
    createdAt: at,
    lastUpdatedAt: at,
    ttlMs: HOUR,
    pollIntervalMs: 500,
    result: { content: [] },
    owner: { ...selfIdentity(), tool: "run_workflow" },
    ...over,
  };
};

describe("task store bounds", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "skvm-task-store-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const stored = async () => (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  /** Files written two hours ago, as old as the records say they are. */
  const age = async (store: TaskStore, ...records: TaskRecord[]) => {
    for (const r of records) {
      await store.write(r);
      const then = new Date(Date.parse(r.lastUpdatedAt));
      await utimes(join(dir, `${r.taskId}.json`), then, then);
    }
  };

  it("drops what expired, but never a task still running in a live process", async () => {
    const store = new TaskStore(HOUR, dir);
    const expired = record();
    const running = record({ status: "working", result: undefined });
    const dead = record({ status: "working", result: undefined, owner: { pid: 2 ** 22 + 1, tool: "env_setup" } });
    // Its pid now belongs to another process (this one, started at another time): its server is gone.
    const reused = record({ status: "working", result: undefined, owner: { ...selfIdentity(), started: "1", tool: "run_workflow" } });
    const fresh = record({ ttlMs: 3 * HOUR });
    await age(store, expired, running, dead, reused, fresh);
    await store.prune();
    expect(await stored()).toEqual([`${running.taskId}.json`, `${fresh.taskId}.json`].sort());
  });

  it("past its cap keeps the most recently updated tasks", async () => {
    const store = new TaskStore(HOUR, dir, 2);
    const old = record({ ttlMs: 10 * HOUR });
    await age(store, old);
    const newer = [record({ ttlMs: 10 * HOUR }), record({ ttlMs: 10 * HOUR })];
    for (const r of newer) await store.write(r);
    await store.prune();
    expect(await stored()).toEqual(newer.map((r) => `${r.taskId}.json`).sort());
  });

  it("names no file after something that is not a task id", async () => {
    const store = new TaskStore(HOUR, dir);
    expect(await store.read("../../etc/passwd")).toBeUndefined();
    expect(await store.read(`${record().taskId}/../x`)).toBeUndefined();
  });
});
