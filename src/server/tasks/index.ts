// The public face of src/server/tasks: the tasks extension (io.modelcontextprotocol/tasks) for 2026-07-28 clients.
import type { McpServer, ProtocolEra, ServerContext } from "@modelcontextprotocol/server";
import { clientCapabilities } from "../protocol/client-identity.js";
import { taskHost } from "./task-host.js";
import { registerTaskMethods } from "./task-methods.js";
import { TASKS_EXTENSION } from "./task-record.js";
import { hookToolsCall } from "./tools-call-hook.js";

export { handOffToTask } from "./handoff.js";
export { TASKS_EXTENSION } from "./task-record.js";

/**
 * Offers the tasks extension on an instance serving 2026-07-28 requests: advertised in
 * server/discover, the tasks/* methods answered, and long tools (those that call handOffToTask)
 * answered with a task for requests that declare the extension. The extension is not defined
 * for 2025-era sessions (SEP-2663), which keep every call as it was.
 */
export function registerTasks(server: McpServer, era: ProtocolEra): void {
  if (era !== "modern") return;
  const host = taskHost();
  const declaresTasks = (ctx: ServerContext): boolean => clientCapabilities(server, ctx)?.extensions?.[TASKS_EXTENSION] !== undefined;
  server.server.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });
  registerTaskMethods(server, host, declaresTasks);
  hookToolsCall(server, host, declaresTasks);
}
