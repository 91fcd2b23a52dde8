import { ProtocolErrorCode } from "@modelcontextprotocol/server";

/**
 * A JSON-RPC "invalid params" error whose message is exactly `message`. (McpError prefixes its
 * own text, and the client adds the prefix again, so users would read it twice.)
 */
export const invalidParams = (message: string): Error => Object.assign(new Error(message), { code: ProtocolErrorCode.InvalidParams });
