import { z } from "zod";
import { HttpClient, type HttpClientOptions } from "./http-client.js";
import { ModelError } from "./model-error.js";
import { badShape } from "./openai-compatible.js";
import type { ChatMessage, Completion, CompletionRequest, ModelProvider } from "./provider.js";
import { estimateUsage } from "./token-estimate.js";
import { groupToolResults, type Turn } from "./tool-turns.js";

export interface AnthropicOptions extends Omit<HttpClientOptions, "headers" | "label"> {
  baseUrl: string;
  apiKey?: string;
}

const API_VERSION = "2023-06-01";
const MAX_TEMPERATURE = 1;

/** Anthropic's Messages API over plain fetch, with tool use. */
export class AnthropicProvider implements ModelProvider {
  readonly kind = "anthropic";
  readonly model: string;
  readonly supportsTools = true;
  private readonly http: HttpClient;
  private readonly url: string;

  constructor(opts: AnthropicOptions) {
    this.model = opts.model;
    const base = opts.baseUrl.replace(/\/+$/, "");
    this.url = base.endsWith("/v1") ? `${base}/messages` : `${base}/v1/messages`;
    const headers: Record<string, string> = { "anthropic-version": API_VERSION, ...(opts.apiKey ? { "x-api-key": opts.apiKey } : {}) };
    this.http = new HttpClient({ ...opts, label: `Anthropic API at ${base}`, headers });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    if (request.temperature !== undefined && request.temperature > MAX_TEMPERATURE) {
      throw new ModelError("MODEL_BAD_REQUEST", `temperature ${request.temperature} is above the Anthropic API's maximum of ${MAX_TEMPERATURE}`, "ask for a temperature between 0 and 1");
    }
    const body = {
      model: this.model,
      max_tokens: request.maxTokens,
      ...(request.system ? { system: request.system } : {}),
      messages: groupToolResults(request.messages).map(toWire),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })) } : {}),
    };
    const parsed = MessagesResponse.safeParse(await this.http.post(this.url, body, request.signal));
    if (!parsed.success) throw badShape(this.url, parsed.error);
    const { content, usage: wireUsage } = parsed.data;
    const text = content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    const toolCalls = content.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, arguments: b.input }] : []));
    const usage = wireUsage
      ? { input: wireUsage.input_tokens + (wireUsage.cache_creation_input_tokens ?? 0) + (wireUsage.cache_read_input_tokens ?? 0), output: wireUsage.output_tokens }
      : await estimateUsage(request, { text, toolCalls });
    return { text, toolCalls, usage, model: parsed.data.model ?? this.model, stopReason: STOP_REASONS[parsed.data.stop_reason ?? ""] ?? "other" };
  }
}

function toWire(turn: Turn): Record<string, unknown> {
  if (turn.kind === "toolResults") {
    return { role: "user", content: turn.results.map((r) => ({ type: "tool_result", tool_use_id: r.toolCallId, content: r.content })) };
  }
  const m: ChatMessage = turn.message;
  if (m.role === "assistant" && m.toolCalls?.length) {
    return {
      role: "assistant",
      content: [...(m.content ? [{ type: "text", text: m.content }] : []), ...m.toolCalls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.arguments }))],
    };
  }
  return { role: m.role, content: m.content };
}

const STOP_REASONS: Record<string, Completion["stopReason"]> = { end_turn: "end", tool_use: "tool_use", max_tokens: "max_tokens", stop_sequence: "stop_sequence" };

const ContentBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
]);

const MessagesResponse = z.object({
  model: z.string().optional(),
  // thinking and other blocks carry nothing the interface passes on: dropped
  content: z.array(z.object({ type: z.string() }).loose()).transform((blocks) => blocks.flatMap((b) => {
    const known = ContentBlock.safeParse(b);
    return known.success ? [known.data] : [];
  })),
  stop_reason: z.string().nullish(),
  usage: z
    .object({
      input_tokens: z.number().int().nonnegative(),
      output_tokens: z.number().int().nonnegative(),
      cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
      cache_read_input_tokens: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
});
