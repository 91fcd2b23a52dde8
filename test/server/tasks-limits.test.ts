// Tasks are bounded: how many run at once per server process (SKVM_MAX_TASKS), how long they are
// kept (SKVM_TASK_TTL_MS, counted again from a task's end) and how large a result they keep
// (SKVM_TASK_MAX_RESULT_BYTES). Small limits here, so each is reached by a real run.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ProtocolError } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../dag/fixtures.js";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { callAsTask, cancelTask, getTask, pollUntilEnded, serveWorkflowsWithTasks, type ServedWithTasks } from "../helpers/tasks-client.js";

const LONG = uniqueSleep();
const REFUSED = uniqueSleep();
const TTL_MS = 1_500;
const MAX_RESULT_BYTES = 4_000;
const textOf = (r: { content?: unknown }) => ((r.content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("task limits", () => {
  let s: ServedWithTasks;
  beforeAll(async () => {
    s = await serveWorkflowsWithTasks(
      {
        long: `nodes:\n  - { id: wait, run: { shell: 'sleep ${LONG}' } }`,
        refused: `nodes:\n  - { id: wait, run: { shell: 'sleep ${REFUSED}' } }`,
        quick: "nodes:\n  - { id: hello, run: { shell: 'echo hello' } }",
        // Twice the result limit of output, in one step.
        big: `nodes:\n  - { id: fill, run: { shell: 'head -c ${2 * MAX_RESULT_BYTES} /dev/zero | tr "\\\\0" x' } }`,
      },
      { env: { SKVM_MAX_TASKS: "1", SKVM_TASK_TTL_MS: String(TTL_MS), SKVM_TASK_MAX_RESULT_BYTES: String(MAX_RESULT_BYTES) }, marker: LONG },
    );
  }, 120_000);
  afterAll(() => s?.close());

  it("refuses a task past SKVM_MAX_TASKS before any of its work starts, and takes one again once a slot is free", async () => {
    const { task } = await callAsTask(s.client, "run_workflow", { skill: "long", cwd: s.root });
    expect(await eventually(() => runningWith(LONG).length >= 1)).toBe(true);
    const refused = await callAsTask(s.client, "run_workflow", { skill: "refused", cwd: s.root });
    expect(refused.result?.isError).toBe(true);
    expect(textOf(refused.result!)).toMatch(/^TASK_LIMIT: this server already runs 1 tasks/);
    // The refused call never started its step.
    expect(runningWith(REFUSED)).toEqual([]);
    await cancelTask(s.client, task!.taskId);
    expect((await pollUntilEnded(s.client, task!.taskId)).at(-1)!.status).toBe("cancelled");
    const again = await callAsTask(s.client, "run_workflow", { skill: "quick", cwd: s.root });
    expect(again.task).toBeDefined();
    expect((await pollUntilEnded(s.client, again.task!.taskId)).at(-1)!.status).toBe("completed");
  }, 120_000);

  it("a result over SKVM_TASK_MAX_RESULT_BYTES is not kept: the task fails with TASK_RESULT_TOO_LARGE", async () => {
    const { task } = await callAsTask(s.client, "run_workflow", { skill: "big", cwd: s.root });
    const ended = (await pollUntilEnded(s.client, task!.taskId)).at(-1)!;
    expect(ended.status).toBe("failed");
    expect(ended.error?.message).toMatch(/^TASK_RESULT_TOO_LARGE: the result is \d+ bytes of JSON, over the 4000-byte limit/);
    expect(ended).not.toHaveProperty("result");
  }, 120_000);

  it("a finished task is kept for its TTL after it ended, then it is gone (-32602)", async () => {
    const { task } = await callAsTask(s.client, "run_workflow", { skill: "quick", cwd: s.root });
    const ended = (await pollUntilEnded(s.client, task!.taskId)).at(-1)!;
    expect(ended.status).toBe("completed");
    // The TTL counts from creation; it grew so the result stays a full TTL past the end.
    const endsAt = Date.parse(ended.createdAt) + ended.ttlMs!;
    expect(endsAt).toBeGreaterThanOrEqual(Date.parse(ended.lastUpdatedAt) + TTL_MS);
    const gone = async () => getTask(s.client, task!.taskId).then(() => false, (err: unknown) => err instanceof ProtocolError && err.code === -32602);
    let expired = false;
    for (const until = Date.now() + 30_000; !expired && Date.now() < until; ) {
      expired = await gone();
      // Never gone before its time.
      if (expired) expect(Date.now()).toBeGreaterThanOrEqual(endsAt);
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(expired).toBe(true);
  }, 120_000);
});

describe("a task store that cannot be written", () => {
  const SLEEP = uniqueSleep();
  let s: ServedWithTasks;
  beforeAll(async () => {
    s = await serveWorkflowsWithTasks(
      { long: `nodes:\n  - { id: wait, run: { shell: 'sleep ${SLEEP}' } }` },
      {
        marker: SLEEP,
        // Where the tasks folder should be, a file: no task can be written.
        prepare: async (root) => {
          await mkdir(join(root, "home"), { recursive: true });
          await writeFile(join(root, "home", "tasks"), "not a folder\n");
        },
      },
    );
  }, 120_000);
  afterAll(() => s?.close());

  it("fails the call with TASK_STORE_FAILED and stops the work nobody could follow", async () => {
    const failed = await callAsTask(s.client, "run_workflow", { skill: "long", cwd: s.root }).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(ProtocolError);
    expect((failed as ProtocolError).message).toMatch(/TASK_STORE_FAILED: could not write the task to .*make SKVM_HOME writable/);
    expect(await eventually(() => runningWith(SLEEP).length === 0)).toBe(true);
  }, 120_000);
});
