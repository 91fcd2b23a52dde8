import type { Readable, Writable } from "node:stream";
import { deserializeMessage, isJSONRPCErrorResponse, isJSONRPCResultResponse, ProtocolErrorCode } from "@modelcontextprotocol/server";
import type { Transport, JSONRPCMessage, RequestId } from "@modelcontextprotocol/server";
import { log } from "../log.js";

/**
 * Largest JSON-RPC line either way. The SDK's stdio client drops the connection on a line over
 * 10 MiB, and the SDK's own server transport closes (the server exits 0) on a request over 10 MiB;
 * this transport refuses such a line with an error and keeps serving.
 */
export const MAX_STDIO_MESSAGE_BYTES = 8 * 1024 * 1024;
/** How much of an oversized line is kept to find its id: the SDK client writes `"id"` last. */
const KEPT_EDGE_BYTES = 512;

/**
 * MCP over stdin/stdout, newline-delimited JSON-RPC like the SDK's StdioServerTransport, with
 * bounds: an incoming line over the limit is skipped as it streams in (never buffered) and
 * answered with an error for its id; an outgoing message over the limit becomes an error
 * response naming the limit, so a client never receives a line it would have to drop.
 */
export class BoundedStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  /** The incomplete line read so far (when it is within the limit). */
  #parts: Buffer[] = [];
  #pendingBytes = 0;
  /** Set while an oversized line streams by: its first and last bytes, and its length. */
  #skipping: { head: Buffer; tail: Buffer; bytes: number } | undefined;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    readonly maxBytes = MAX_STDIO_MESSAGE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on("data", this.#onData);
    this.input.on("error", this.#onError);
  }

  async close(): Promise<void> {
    this.input.off("data", this.#onData);
    this.input.off("error", this.#onError);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.#parts = [];
    this.#skipping = undefined;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    let json = JSON.stringify(message);
    // Three bytes per UTF-16 unit at most: most messages need no exact count.
    if (json.length * 3 > this.maxBytes && Buffer.byteLength(json) > this.maxBytes) {
      const refusal = this.#tooLargeToSend(message, Buffer.byteLength(json));
      if (!refusal) return Promise.resolve();
      json = JSON.stringify(refusal);
    }
    return new Promise((resolve) => {
      if (this.output.write(`${json}\n`)) resolve();
      else this.output.once("drain", resolve);
    });
  }

  readonly #onError = (error: Error) => this.onerror?.(error);

  readonly #onData = (chunk: Buffer) => {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.#take(chunk.subarray(start, newline));
      this.#endLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.#take(chunk.subarray(start));
  };

  /** Adds bytes of the current line, switching to skipping once it passes the limit. */
  #take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (!this.#skipping && this.#pendingBytes + bytes.length <= this.maxBytes) {
      this.#parts.push(bytes);
      this.#pendingBytes += bytes.length;
      return;
    }
    if (!this.#skipping) {
      const sofar = Buffer.concat(this.#parts);
      this.#skipping = { head: Buffer.from(sofar.subarray(0, KEPT_EDGE_BYTES)), tail: Buffer.alloc(0), bytes: sofar.length };
      this.#parts = [];
      this.#pendingBytes = 0;
    }
    const skip = this.#skipping;
    if (skip.head.length < KEPT_EDGE_BYTES) skip.head = Buffer.concat([skip.head, bytes.subarray(0, KEPT_EDGE_BYTES - skip.head.length)]);
    skip.tail = Buffer.from(Buffer.concat([skip.tail, bytes]).subarray(-KEPT_EDGE_BYTES));
    skip.bytes += bytes.length;
  }

  #endLine(): void {
    const skipped = this.#skipping;
    if (skipped) {
      this.#skipping = undefined;
      return this.#refuseIncoming(skipped);
    }
    const line = Buffer.concat(this.#parts).toString("utf8").replace(/\r$/, "");
    this.#parts = [];
    this.#pendingBytes = 0;
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (err) {
      return this.onerror?.(err as Error);
    }
    this.onmessage?.(message);
  }

  #refuseIncoming({ head, tail, bytes }: { head: Buffer; tail: Buffer; bytes: number }): void {
    const id = requestIdOf(head.toString("utf8"), tail.toString("utf8"));
    log.warn(`stdin: refused a message of ${bytes} bytes (over the ${this.maxBytes}-byte limit)${id === undefined ? "; no id found to answer" : `, request id ${JSON.stringify(id)}`}`);
    if (id === undefined) return;
    const error = {
      code: ProtocolErrorCode.InvalidRequest,
      message: `REQUEST_TOO_LARGE: this request is ${bytes} bytes, over the ${this.maxBytes}-byte limit of one stdio message; pass large data as a file path instead of inline`,
    };
    void this.send({ jsonrpc: "2.0", id, error });
  }

  /** The error response that replaces a result too large to send; nothing for a notification. */
  #tooLargeToSend(message: JSONRPCMessage, bytes: number): JSONRPCMessage | undefined {
    const id = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message) ? message.id : undefined;
    const what = "method" in message ? `a ${message.method} message` : `the response to request ${JSON.stringify(id)}`;
    log.warn(`stdout: not sending ${what} of ${bytes} bytes (over the ${this.maxBytes}-byte limit)`);
    if (id === undefined) return undefined;
    return {
      jsonrpc: "2.0",
      id,
      error: {
        code: ProtocolErrorCode.InternalError,
        message: `RESPONSE_TOO_LARGE: the result is ${bytes} bytes of JSON, over the ${this.maxBytes}-byte limit of one stdio message; ask for less (e.g. read_skill_file with offset and length)`,
      },
    };
  }
}

/**
 * The id of a request seen only by its edges: SDK clients write it last (`..., "id": 7}`), others
 * often first (`{"jsonrpc": "2.0", "id": 7, ...`). Anything else is not guessed at.
 */
function requestIdOf(head: string, tail: string): RequestId | undefined {
  const idValue = String.raw`("id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}"))`;
  const found = new RegExp(`${idValue}\\s*\\}\\s*$`).exec(tail) ?? new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?${idValue}`).exec(head);
  const raw = found?.[2];
  return raw === undefined ? undefined : (JSON.parse(raw) as RequestId);
}
