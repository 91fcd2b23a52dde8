import { isJSONRPCErrorResponse, isJSONRPCNotification, isJSONRPCRequest, isJSONRPCResultResponse } from "@modelcontextprotocol/server";
import type { Transport, RequestId } from "@modelcontextprotocol/server";

/** JSON-RPC error code of a request refused because its session has too many in flight. */
export const TOO_MANY_REQUESTS_CODE = -32000;

/**
 * Counts one session's requests from the moment its transport delivers them to the moment their
 * response is sent, whatever carried them: one POST, a batch of a hundred in one POST, or legacy
 * SSE's /messages (which answers 202 long before the work ends). A request over the limit is
 * answered at once with an error and never reaches a handler, so no request can start work the
 * limit does not count.
 */
export class InFlightGate {
  readonly #pending = new Set<RequestId>();

  constructor(readonly limit: number) {}

  get count(): number {
    return this.#pending.size;
  }

  /** Wraps a connected transport (call after `server.connect`, which installs `onmessage`). */
  attach(transport: Transport): void {
    const deliver = transport.onmessage;
    const send = transport.send.bind(transport);
    transport.onmessage = (message, extra) => {
      if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
        // A cancelled request gets no response: it stops counting when the client gives it up.
        this.#pending.delete((message.params as { requestId?: RequestId } | undefined)?.requestId ?? "");
      } else if (isJSONRPCRequest(message)) {
        const refusal = this.#admit(message.id);
        // Sent past the wrapper: a refusal must not end the count of a request already in flight.
        if (refusal) return void send({ jsonrpc: "2.0", id: message.id, error: { code: TOO_MANY_REQUESTS_CODE, message: refusal } }, { relatedRequestId: message.id }).catch(() => undefined);
      }
      deliver?.(message, extra);
    };
    transport.send = (message, options) => {
      if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) this.#pending.delete(message.id ?? "");
      return send(message, options);
    };
  }

  #admit(id: RequestId): string | undefined {
    if (this.#pending.has(id)) return `REQUEST_ID_IN_USE: request id ${JSON.stringify(id)} is still in flight in this session; use a new id`;
    if (this.#pending.size >= this.limit) return `TOO_MANY_REQUESTS: at most ${this.limit} requests in flight per session (a batch counts each member); wait for some to finish`;
    this.#pending.add(id);
    return undefined;
  }
}

/** How many requests (members with an id and a method) an HTTP body carries. */
export function requestsIn(body: unknown): number {
  return (Array.isArray(body) ? body : [body]).filter(isJSONRPCRequest).length;
}
