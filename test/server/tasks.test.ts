// The tasks extension (io.modelcontextprotocol/tasks, SEP-2663) over stdio: a 2026-07-28 client that
// declares it gets run_workflow as a task (status from the workflow's progress, result by task id,
// also from a second connection to another server process sharing SKVM_HOME); cancelling a task
// kills its processes; clients without the extension, and 2025-11-25 clients, get the plain result.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, ProtocolError } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, workflowSkill } from "../dag/fixtures.js";
import { isRunning, runningWith, uniqueSleep } from "../helpers/process.js";
import { CLI, connectStdio, type Connected } from "../helpers/server.js";
import { writeSkill } from "../helpers/skill-fixtures.js";
import { PIN_2026 } from "../helpers/eras.js";
import { acceptTaskHandles, callAsTask, cancelTask, getTask, pollUntilEnded, TASKS_EXTENSION, type Task, tasksClient } from "../helpers/tasks-client.js";

// Three steps one after the other, each sleeping a second: a run long enough to watch at a 500 ms poll.
const STEPS_WORKFLOW = [
  "nodes:",
  "  - { id: one, run: { shell: 'sleep 1; echo one' } }",
  "  - { id: two, run: { shell: 'sleep 1; echo two' }, dependsOn: one }",
  "  - { id: three, run: { shell: 'sleep 1; echo three' }, dependsOn: two }",
].join("\n");
// Two process branches that would sleep far longer than any test waits (found by their unique
// argv) and a JS branch spinning on the worker pool (its node timeout is 5 minutes: a task that
// ends cancelled within a test's bound had it stopped).
const LONG = uniqueSleep();
const LONG_WORKFLOW = [
  "nodes:",
  `  - { id: left, run: { shell: 'sleep ${LONG}' } }`,
  `  - { id: right, run: { shell: 'sleep ${LONG}' } }`,
  "  - { id: spin, run: { js: 'for (;;) {}' } }",
  "  - { id: after, run: { shell: 'echo never' }, dependsOn: [left, right, spin] }",
].join("\n");

type Report = { status: string; nodes: { id: string; status: string; output?: unknown }[] };
const reportOf = (task: Task) => (task.result as { structuredContent: Report }).structuredContent;

describe("run_workflow as a task (2026-07-28, stdio)", () => {
  let root: string;
  let first: Connected;
  let second: Connected;
  const env = () => ({ SKVM_HOME: join(root, "home"), SKVM_WORKFLOW_CONCURRENCY: "4" });
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const work = async (name: string) => {
    const dir = join(root, "work", name);
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    return dir;
  };

  /** A server process of its own, and a client that declares the tasks extension. */
  async function connectWithTasks(name: string): Promise<Connected> {
    const connected = await connectStdio(args(), env(), tasksClient(name));
    acceptTaskHandles(connected.client.transport!);
    return connected;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-tasks-"));
    await writeSkill(join(root, "skills"), "steps", { "SKILL.md": workflowSkill("steps", STEPS_WORKFLOW) });
    await writeSkill(join(root, "skills"), "long", { "SKILL.md": workflowSkill("long", LONG_WORKFLOW) });
    // One after the other: the first compiles, the second finds the artifacts fresh.
    first = await connectWithTasks("first");
    second = await connectWithTasks("second");
  }, 120_000);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    for (const pid of runningWith(LONG)) process.kill(pid, "SIGKILL");
    await rm(root, { recursive: true, force: true });
  });

  it("advertises the extension in server/discover", () => {
    expect(first.client.getServerCapabilities()?.extensions).toHaveProperty([TASKS_EXTENSION]);
  });

  it("answers with a task at once, reports each step as its status, and keeps the result for any connection", async () => {
    const call = await callAsTask(first.client, "run_workflow", { skill: "steps", cwd: await work("steps") });
    expect(call.task, "a task, not the plain result").toBeDefined();
    const created = call.task!;
    expect(created).toMatchObject({ status: "working", ttlMs: expect.any(Number), pollIntervalMs: expect.any(Number) });
    expect(created).not.toHaveProperty("result");
    // Durable before the answer: the other server process finds it at once.
    expect((await getTask(second.client, created.taskId)).taskId).toBe(created.taskId);

    const seen = await pollUntilEnded(first.client, created.taskId);
    const done = seen.at(-1)!;
    expect(done.status, done.statusMessage).toBe("completed");
    expect(reportOf(done).status).toBe("succeeded");
    expect(reportOf(done).nodes.map((n) => [n.id, n.status])).toEqual([["one", "succeeded"], ["two", "succeeded"], ["three", "succeeded"]]);
    // The workflow's progress (a step started or finished, how many are done) was the status while it ran.
    const progress = seen.filter((t) => t.status === "working").map((t) => t.statusMessage ?? "");
    expect(progress.some((m) => /\b[1-2]\/3 done/.test(m)), progress.join(" | ")).toBe(true);

    // A second connection, to another server process sharing SKVM_HOME, gets the same result by id.
    const elsewhere = await getTask(second.client, created.taskId);
    expect(elsewhere).toMatchObject({ status: "completed", result: done.result });
  }, 120_000);

  // Cancelled through the connection that made it, or through another server process (which
  // leaves the request in SKVM_HOME for the process running the task).
  it.each(["the same connection", "another server process"])("tasks/cancel through %s stops the work: the task ends cancelled, its processes and its worker-pool branch stopped", async (via) => {
    const { task } = await callAsTask(first.client, "run_workflow", { skill: "long", cwd: await work(`long-${via.length}`) });
    expect(await eventually(() => runningWith(LONG).length >= 2)).toBe(true);
    const canceller = via === "the same connection" ? first.client : second.client;
    await cancelTask(canceller, task!.taskId);
    const ended = (await pollUntilEnded(canceller, task!.taskId, 60_000)).at(-1)!;
    expect(ended.status).toBe("cancelled");
    expect(ended).not.toHaveProperty("result");
    expect(await eventually(() => runningWith(LONG).length === 0)).toBe(true);
  }, 120_000);

  it("a cancel right after the task is created, while its steps are still being launched, stops them too", async () => {
    const { task } = await callAsTask(first.client, "run_workflow", { skill: "long", cwd: await work("long-at-once") });
    await cancelTask(first.client, task!.taskId);
    expect((await pollUntilEnded(first.client, task!.taskId, 60_000)).at(-1)!.status).toBe("cancelled");
    expect(await eventually(() => runningWith(LONG).length === 0)).toBe(true);
  }, 120_000);

  it("unknown task ids are -32602, whatever they look like", async () => {
    const code = (p: Promise<unknown>) => p.then(() => "answered", (err: unknown) => (err instanceof ProtocolError ? err.code : String(err)));
    expect(await code(getTask(first.client, "00000000-0000-4000-8000-000000000000"))).toBe(-32602);
    expect(await code(getTask(first.client, "../../etc/passwd"))).toBe(-32602);
    expect(await code(cancelTask(first.client, "00000000-0000-4000-8000-000000000000"))).toBe(-32602);
  });

  it("a 2026-07-28 client without the extension gets the plain result, and no tasks/* methods (-32021)", async () => {
    const plain = await connectStdio(args(), env(), new Client({ name: "plain", version: "0" }, PIN_2026));
    try {
      const result = await plain.client.callTool({ name: "run_workflow", arguments: { skill: "steps", cwd: await work("plain") } }, { timeout: 120_000 });
      expect((result.structuredContent as Report).status).toBe("succeeded");
      const refused = await getTask(plain.client, "00000000-0000-4000-8000-000000000000").catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ProtocolError);
      expect((refused as ProtocolError).code).toBe(-32021);
      expect((refused as ProtocolError).data).toEqual({ requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } });
    } finally {
      await plain.close();
    }
  }, 120_000);

  it("a 2025-11-25 client declaring the extension anyway gets today's answer, and it is not advertised", async () => {
    const legacy = new Client({ name: "legacy", version: "0" }, { capabilities: { extensions: { [TASKS_EXTENSION]: {} } } });
    const old = await connectStdio(args(), env(), legacy);
    try {
      expect(old.client.getServerCapabilities()?.extensions ?? {}).not.toHaveProperty([TASKS_EXTENSION]);
      const result = await old.client.callTool({ name: "run_workflow", arguments: { skill: "steps", cwd: await work("legacy") } }, { timeout: 120_000 });
      expect((result.structuredContent as Report).status).toBe("succeeded");
    } finally {
      await old.close();
    }
  }, 120_000);

  // A stdio server ends with its connection (its client closes stdin, then the MCP shutdown
  // sends SIGTERM) or is killed: its running tasks end with it, and say so to every other process.
  it.each(["killed (SIGKILL)", "closed by its client"])("a task whose stdio server was %s is reported failed by the others", async (how) => {
    const doomed = await connectWithTasks("doomed");
    const { task } = await callAsTask(doomed.client, "run_workflow", { skill: "long", cwd: await work(`doomed-${how.length}`) });
    expect((await getTask(second.client, task!.taskId)).status).toBe("working");
    if (how === "killed (SIGKILL)") process.kill(doomed.pid!, "SIGKILL");
    else await doomed.close();
    expect(await eventually(() => !isRunning(doomed.pid!))).toBe(true);
    // Once the process is gone (reaped), the next look settles it.
    await expect.poll(async () => (await getTask(second.client, task!.taskId)).status, { timeout: 20_000, interval: 200 }).toBe("failed");
    const after = await getTask(second.client, task!.taskId);
    expect(after.error?.message).toMatch(/^TASK_ABANDONED: .*call run_workflow again/);
    await doomed.close().catch(() => undefined);
  }, 120_000);
});
