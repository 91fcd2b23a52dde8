import type { JSONRPCRequest, McpServer, Result, ServerContext } from "@modelcontextprotocol/server";
import { log } from "../../log.js";
import { TaskSlot } from "./handoff.js";
import type { TaskError, TaskHost } from "./task-host.js";
import { wireTask } from "./task-record.js";

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * Puts the task decision in front of the instance's tools/call handler. Every call from a client
 * that declared the tasks extension runs on a TaskSlot; a tool that hands off answers with a
 * CreateTaskResult (`resultType: "task"`) once the task is stored, and its work settles the task.
 *
 * The hook sits outside the SDK's own tools/call handling (argument and output-schema checks,
 * tool-result normalization), so the task's result is exactly what the call would have answered
 * and the CreateTaskResult goes out as SEP-2663 shapes it. The SDK (2.4) has no public way to
 * wrap a registered handler, hence the one reach into its handler table, checked here.
 */
export function hookToolsCall(server: McpServer, host: TaskHost, declaresTasks: (ctx: ServerContext) => boolean): void {
  const table = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })._requestHandlers;
  const inner = table?.get("tools/call");
  if (!table || !inner) throw new Error("TASKS_SDK_CHANGED: the MCP SDK no longer keeps its tools/call handler where the tasks extension looks for it");
  table.set("tools/call", (request, ctx) => (declaresTasks(ctx) ? callMaybeAsTask(host, inner, request, ctx) : inner(request, ctx)));
}

async function callMaybeAsTask(host: TaskHost, inner: Handler, request: JSONRPCRequest, ctx: ServerContext): Promise<Result> {
  const tool = String(request.params?.name ?? "");
  const slot = new TaskSlot(host, tool, ctx);
  const run = inner(request, slot.context());
  // The tool either answers on its own (checks failed, a question for the user, a quick path) or hands off.
  await Promise.race([run.catch(() => undefined), slot.handedOff]);
  const task = slot.task;
  if (!task) return run;
  try {
    await task.created;
  } catch (err) {
    // Nobody could ever learn how it ends: stop the work, and say why the call failed.
    task.controller.abort(err);
    throw new Error(`TASK_STORE_FAILED: could not write the task to ${host.store.dir}: ${(err as Error).message}; make SKVM_HOME writable`);
  }
  run.then(
    (result) => task.settle(isInputRequired(result) ? { error: INPUT_AFTER_START } : { result: result as Record<string, unknown> }),
    (err: unknown) => task.settle({ error: asTaskError(err) }),
  ).catch((err: Error) => log.warn(`task ${task.record.taskId}: ${err.message}`));
  // The Task itself: a run that already ended says so, but its result is for tasks/get.
  const { result: _result, error: _error, ...created } = wireTask(task.record);
  return { ...created, resultType: "task" };
}

const isInputRequired = (result: Result): boolean => (result as { resultType?: unknown }).resultType === "input_required";

/** Questions are asked before a tool hands off; one asked after it has no way to the client here. */
const INPUT_AFTER_START: TaskError = { code: -32603, message: "TASK_INPUT_UNSUPPORTED: the tool asked for input after its task started; questions must come before" };

/** A thrown JSON-RPC error as the failed task carries it. */
function asTaskError(err: unknown): TaskError {
  const e = err as { code?: unknown; message?: unknown; data?: unknown };
  return {
    code: Number.isSafeInteger(e?.code) ? (e.code as number) : -32603,
    message: typeof e?.message === "string" ? e.message : String(err),
    ...(e?.data === undefined ? {} : { data: e.data }),
  };
}
