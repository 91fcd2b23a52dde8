import { SdkErrorCode, SdkError } from "@modelcontextprotocol/server";
import type { Server, CreateMessageRequest, CreateMessageResult, CreateMessageResultWithTools, RequestId, SamplingMessage, SamplingMessageContentBlock } from "@modelcontextprotocol/server";
import { ModelError } from "./model-error.js";
import { abortedError } from "./retry.js";
import type { ChatMessage, Completion, CompletionRequest, ModelProvider } from "./provider.js";
import { estimateUsage } from "./token-estimate.js";
import { groupToolResults, type Turn } from "./tool-turns.js";

export interface SamplingContext {
  /** The MCP server session whose client is asked. */
  server: Server;
  /**
   * The client request being handled (a tool call). Sampling sent related to it travels on that
   * request's own response stream, so over Streamable HTTP it needs no separate GET stream.
   */
  relatedRequestId?: RequestId;
  /** The handled request's signal: when the client cancels its call, the sampling goes too. */
  signal?: AbortSignal;
  timeoutMs: number;
}

const NO_SAMPLING_HINT = "use a client that supports MCP sampling, or configure a provider (--provider / SKVM_PROVIDER with a model and key)";

/** The connected client's own model, through `sampling/createMessage`. The host picks the model and may ask its user first. */
export class SamplingProvider implements ModelProvider {
  readonly kind = "sampling";
  readonly model = "host";

  constructor(private readonly ctx: SamplingContext) {}

  /** With tools only where the client declared `sampling.tools` (protocol 2025-11-25). */
  get supportsTools(): boolean {
    return Boolean(this.ctx.server.getClientCapabilities()?.sampling?.tools);
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const capabilities = this.ctx.server.getClientCapabilities();
    const client = this.ctx.server.getClientVersion()?.name ?? "the client";
    if (!capabilities?.sampling) {
      throw new ModelError("MODEL_SAMPLING_UNAVAILABLE", `MCP sampling is not available: ${client} did not declare the sampling capability`, NO_SAMPLING_HINT);
    }
    if (request.tools?.length && !this.supportsTools) {
      throw new ModelError("MODEL_TOOLS_UNSUPPORTED", `${client} supports sampling but not sampling with tools (capabilities.sampling.tools)`, "profile tool primitives with an HTTP provider, or use a client that declares sampling.tools");
    }
    const params = samplingParams(request);
    const signals = [request.signal, this.ctx.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    const result = await this.ctx.server
      .createMessage(params, { relatedRequestId: this.ctx.relatedRequestId, signal, timeout: this.ctx.timeoutMs })
      .catch((err: unknown) => {
        throw samplingError(err, client, signal, this.ctx.timeoutMs);
      });
    return completionOf(request, result);
  }
}

/** A completion request as MCP sampling parameters (sent as a request, or embedded in an InputRequiredResult). */
export function samplingParams(request: CompletionRequest): CreateMessageRequest["params"] {
  return {
    messages: groupToolResults(request.messages).map(toSampling),
    maxTokens: request.maxTokens,
    ...(request.system ? { systemPrompt: request.system } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: { ...t.inputSchema, type: "object" as const } })) } : {}),
  };
}

/** The client's sampling answer as a completion, whichever way it came. */
export async function completionOf(request: CompletionRequest, result: CreateMessageResult | CreateMessageResultWithTools): Promise<Completion> {
  const blocks: SamplingMessageContentBlock[] = Array.isArray(result.content) ? result.content : [result.content];
  const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
  const toolCalls = blocks.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, arguments: b.input }] : []));
  // Sampling results carry no token counts: counted locally.
  const usage = await estimateUsage(request, { text, toolCalls });
  return { text, toolCalls, usage, model: result.model, stopReason: STOP_REASONS[result.stopReason ?? ""] ?? (toolCalls.length ? "tool_use" : "other") };
}

const STOP_REASONS: Record<string, Completion["stopReason"]> = { endTurn: "end", toolUse: "tool_use", maxTokens: "max_tokens", stopSequence: "stop_sequence" };

function toSampling(turn: Turn): SamplingMessage {
  if (turn.kind === "toolResults") {
    return { role: "user", content: turn.results.map((r) => ({ type: "tool_result", toolUseId: r.toolCallId ?? "", content: [{ type: "text", text: r.content }] })) };
  }
  const m: ChatMessage = turn.message;
  if (m.role === "assistant" && m.toolCalls?.length) {
    return {
      role: "assistant",
      content: [...(m.content ? [{ type: "text" as const, text: m.content }] : []), ...m.toolCalls.map((c) => ({ type: "tool_use" as const, id: c.id, name: c.name, input: c.arguments }))],
    };
  }
  return { role: m.role === "assistant" ? "assistant" : "user", content: { type: "text", text: m.content } };
}

function samplingError(err: unknown, client: string, signal: AbortSignal | undefined, timeoutMs: number): ModelError {
  if (signal?.aborted) return abortedError(`sampling through ${client}`);
  if (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout) {
    return new ModelError("MODEL_TIMEOUT", `${client} did not answer the sampling request within ${timeoutMs} ms`, "the host may be waiting for its user to approve; raise timeoutMs in the config file");
  }
  // The spec's "user rejected" is -1; any other error is the client's own message.
  return new ModelError("MODEL_SAMPLING_FAILED", `sampling through ${client} failed: ${(err as Error).message}`, "the host or its user declined, or its model failed; check the client");
}
