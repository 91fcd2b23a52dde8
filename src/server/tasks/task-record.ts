import { z } from "zod";
import { ProcessIdentity } from "../../exec/process-identity.js";

/** The tasks extension of the 2026-07-28 revision (SEP-2663). */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

export const TaskStatus = z.enum(["working", "input_required", "completed", "failed", "cancelled"]);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TERMINAL: ReadonlySet<TaskStatus> = new Set(["completed", "failed", "cancelled"]);

/**
 * One task as it is kept in `$SKVM_HOME/tasks/<taskId>.json`: the wire fields of SEP-2663's
 * DetailedTask plus who runs it (so any process sharing SKVM_HOME can tell a task whose server
 * died from one still running).
 */
export const TaskRecord = z.object({
  taskId: z.string(),
  status: TaskStatus,
  statusMessage: z.string().optional(),
  createdAt: z.string(),
  lastUpdatedAt: z.string(),
  ttlMs: z.number().int().nonnegative(),
  pollIntervalMs: z.number().int().positive(),
  /** What the original tools/call would have returned (status completed). */
  result: z.record(z.string(), z.unknown()).optional(),
  /** The JSON-RPC error the call ended with (status failed). */
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
  /** Bookkeeping, never sent: the server process running the work and the tool it runs. */
  owner: ProcessIdentity.extend({ tool: z.string() }),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

/**
 * Task ids are the only handle on a task (SEP-2663 has no tasks/list), so they are unguessable:
 * 122 random bits. Checked before any file is named after one.
 */
export const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The task as tasks/get (and a CreateTaskResult) shows it: the wire fields, nothing of ours. */
export function wireTask(record: TaskRecord): Record<string, unknown> {
  const { owner: _owner, result, error, statusMessage, ...task } = record;
  return {
    ...task,
    ...(statusMessage === undefined ? {} : { statusMessage }),
    ...(record.status === "completed" && result ? { result } : {}),
    ...(record.status === "failed" && error ? { error } : {}),
  };
}

/** Expired: past its TTL, counted from creation (the TTL of a task that ended was moved past its end). */
export const isExpired = (record: TaskRecord, now = Date.now()): boolean => Date.parse(record.createdAt) + record.ttlMs < now;
