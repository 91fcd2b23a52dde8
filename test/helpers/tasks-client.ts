import { Client, ProtocolError, type CallToolResult, type Transport } from "@modelcontextprotocol/client";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { workflowSkill } from "../dag/fixtures.js";
import { runningWith } from "./process.js";
import { PIN_2026 } from "./eras.js";
import { connectStdio, type Connected } from "./server.js";
import { writeSkill } from "./skill-fixtures.js";

export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** A task as tasks/get returns it (SEP-2663 DetailedTask). */
export const Task = z.looseObject({
  taskId: z.string(),
  status: z.enum(["working", "input_required", "completed", "failed", "cancelled"]),
  statusMessage: z.string().optional(),
  createdAt: z.string(),
  lastUpdatedAt: z.string(),
  ttlMs: z.number().nullable(),
  pollIntervalMs: z.number().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.looseObject({ code: z.number(), message: z.string() }).optional(),
});
export type Task = z.infer<typeof Task>;
const Ack = z.looseObject({});

/** A 2026-07-28 client that declares the tasks extension in every request (plus any other capabilities). */
export const tasksClient = (name: string, capabilities: Record<string, unknown> = {}): Client =>
  new Client({ name, version: "0" }, { capabilities: { ...capabilities, extensions: { [TASKS_EXTENSION]: {} } }, ...PIN_2026 });

/** JSON-RPC code of the bridge below; no server ever sends it. */
const TASK_HANDLE = -1_000_001;

/**
 * The client side of the tasks extension, which the v2 SDK client (2.4) lacks: it refuses any
 * `resultType` but "complete" and "input_required" (UNSUPPORTED_RESULT_TYPE), without the
 * result. Installed on a connected client's transport, it hands a CreateTaskResult to the
 * caller as an error carrying the task (see callAsTask); every other message passes untouched.
 */
export function acceptTaskHandles(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) throw new Error("connect the client before installing the task bridge");
  transport.onmessage = (message, extra) => {
    const result = (message as { result?: { resultType?: unknown } }).result;
    if (result?.resultType !== "task") return deliver(message, extra);
    const { id } = message as { id: string | number };
    deliver({ jsonrpc: "2.0", id, error: { code: TASK_HANDLE, message: "task created", data: result } }, extra);
  };
}

/** tools/call that may come back as a task: `{ task }` then, else `{ result }` as the tool answered. */
export async function callAsTask(client: Client, name: string, args: Record<string, unknown>, timeout = 120_000): Promise<{ task: Task; result?: undefined } | { result: CallToolResult; task?: undefined }> {
  try {
    return { result: (await client.callTool({ name, arguments: args }, { timeout })) as CallToolResult };
  } catch (err) {
    if (err instanceof ProtocolError && err.code === TASK_HANDLE) return { task: Task.parse(err.data) };
    throw err;
  }
}

export const getTask = (client: Client, taskId: string): Promise<Task> => client.request({ method: "tasks/get", params: { taskId } }, Task);
export const cancelTask = (client: Client, taskId: string): Promise<unknown> => client.request({ method: "tasks/cancel", params: { taskId } }, Ack);

/** Polls tasks/get at the task's own interval until it ends (or `limitMs`: a bound, not a timing claim); every state seen. */
export async function pollUntilEnded(client: Client, taskId: string, limitMs = 60_000): Promise<Task[]> {
  const seen: Task[] = [];
  const until = Date.now() + limitMs;
  for (;;) {
    const task = await getTask(client, taskId);
    seen.push(task);
    if (["completed", "failed", "cancelled"].includes(task.status)) return seen;
    if (Date.now() > until) throw new Error(`task ${taskId} still ${task.status} after ${limitMs} ms: ${task.statusMessage}`);
    await new Promise((r) => setTimeout(r, task.pollIntervalMs ?? 200));
  }
}

export interface ServedWithTasks extends Connected {
  /** The temp folder holding skills/, compiled/ and home/ (SKVM_HOME); runs may use it as their cwd. */
  root: string;
}

/**
 * Workflow skills (name -> workflow YAML) in a fresh temp root, served over stdio with SKVM_HOME
 * in that root, to a client that declares the tasks extension. `prepare` runs before the server
 * starts; `close` ends the server, kills any process whose argv carries `marker`, removes the root.
 */
export async function serveWorkflowsWithTasks(workflows: Record<string, string>, opts: { env?: Record<string, string>; marker?: string; prepare?: (root: string) => Promise<void> } = {}): Promise<ServedWithTasks> {
  const root = await mkdtemp(join(tmpdir(), "skvm-tasks-"));
  for (const [name, yaml] of Object.entries(workflows)) await writeSkill(join(root, "skills"), name, { "SKILL.md": workflowSkill(name, yaml) });
  await opts.prepare?.(root);
  const connected = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home"), ...opts.env }, tasksClient("tasks"));
  acceptTaskHandles(connected.client.transport!);
  const close = async () => {
    await connected.close();
    for (const pid of opts.marker ? runningWith(opts.marker) : []) process.kill(pid, "SIGKILL");
    await rm(root, { recursive: true, force: true });
  };
  return { ...connected, root, close };
}
