import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { InitializeRequestSchema, type InitializeRequest, type InitializeResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * Makes the instructions of the initialize result depend on who connected (clientInfo is known
 * only then). The SDK takes instructions once, at construction; its own initialize handling
 * (protocol version, capabilities) is kept by calling it and replacing only the instructions.
 */
export function instructionsOnInitialize(server: McpServer, build: () => string, clientKnown?: () => void): void {
  const inner = server.server as unknown as { _oninitialize(request: InitializeRequest): Promise<InitializeResult> };
  server.server.setRequestHandler(InitializeRequestSchema, async (request) => {
    const result = await inner._oninitialize(request);
    clientKnown?.();
    return { ...result, instructions: build() };
  });
}
