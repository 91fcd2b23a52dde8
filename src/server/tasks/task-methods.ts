import { MissingRequiredClientCapabilityError, ProtocolError, ProtocolErrorCode, type McpServer, type ServerContext } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { TaskHost } from "./task-host.js";
import { TASKS_EXTENSION, wireTask } from "./task-record.js";

const TaskParams = z.object({ taskId: z.string() });
/** No task of ours asks for input once it runs, so no response is ever outstanding. */
const UpdateParams = TaskParams.extend({ inputResponses: z.record(z.string(), z.unknown()).default({}) });

/**
 * tasks/get, tasks/update and tasks/cancel (SEP-2663). Each request must itself declare the
 * extension (-32021 otherwise); an unknown or expired task id is -32602. tasks/result and
 * tasks/list are not part of the extension: the SDK answers them -32601.
 */
export function registerTaskMethods(server: McpServer, host: TaskHost, declaresTasks: (ctx: ServerContext) => boolean): void {
  const gate = (ctx: ServerContext) => {
    if (!declaresTasks(ctx)) throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } });
  };
  const known = async (taskId: string) => {
    const record = await host.get(taskId);
    if (!record) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `TASK_NOT_FOUND: no task "${taskId}" (never created here, or past its ttlMs); call the tool again`);
    return record;
  };
  server.server.setRequestHandler("tasks/get", { params: TaskParams }, async ({ taskId }, ctx) => {
    gate(ctx);
    return wireTask(await known(taskId));
  });
  server.server.setRequestHandler("tasks/update", { params: UpdateParams }, async ({ taskId }, ctx) => {
    gate(ctx);
    await known(taskId);
    return {};
  });
  server.server.setRequestHandler("tasks/cancel", { params: TaskParams }, async ({ taskId }, ctx) => {
    gate(ctx);
    if (!(await host.cancel(taskId))) await known(taskId);
    return {};
  });
}
