import { z } from "zod";
import { HttpClient, type HttpClientOptions } from "./http-client.js";
import { ModelError } from "./model-error.js";
import type { ChatMessage, Completion, CompletionRequest, ModelProvider, ToolCall } from "./provider.js";
import { estimateUsage } from "./token-estimate.js";

export interface OpenAICompatibleOptions extends Omit<HttpClientOptions, "headers" | "label"> {
  /** "openai", "openrouter", "ollama", ...: the preset it was configured as. */
  kind: string;
  baseUrl: string;
  apiKey?: string;
  /** OpenAI's newer models take max_completion_tokens; most compatible servers know only max_tokens. */
  maxTokensField: "max_tokens" | "max_completion_tokens";
}

/**
 * Chat Completions over plain fetch: one wire format serves OpenAI, OpenRouter, vLLM, Ollama,
 * llama.cpp server and LM Studio, which differ only in base URL and key.
 */
export class OpenAICompatibleProvider implements ModelProvider {
  readonly kind: string;
  readonly model: string;
  readonly supportsTools = true;
  private readonly http: HttpClient;
  private readonly url: string;

  constructor(private readonly opts: OpenAICompatibleOptions) {
    this.kind = opts.kind;
    this.model = opts.model;
    const base = opts.baseUrl.replace(/\/+$/, "");
    this.url = `${base}/chat/completions`;
    this.http = new HttpClient({ ...opts, label: `${opts.kind} API at ${base}`, headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {} });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const body = {
      model: this.model,
      messages: [...(request.system ? [{ role: "system", content: request.system }] : []), ...request.messages.map(toWire)],
      [this.opts.maxTokensField]: request.maxTokens,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } })) } : {}),
    };
    const parsed = ChatCompletionResponse.safeParse(await this.http.post(this.url, body, request.signal));
    if (!parsed.success) throw badShape(this.url, parsed.error);
    const choice = parsed.data.choices[0];
    if (!choice) throw new ModelError("MODEL_BAD_RESPONSE", `${this.url} answered with no choices`, "the server may have filtered the answer; try again or another model");
    const text = choice.message.content ?? "";
    const toolCalls = (choice.message.tool_calls ?? []).map((c, i): ToolCall => ({ id: c.id ?? `call_${i}`, name: c.function.name, arguments: parseArguments(c.function.arguments) }));
    const usage = parsed.data.usage ? { input: parsed.data.usage.prompt_tokens, output: parsed.data.usage.completion_tokens } : await estimateUsage(request, { text, toolCalls });
    return { text, toolCalls, usage, model: parsed.data.model ?? this.model, stopReason: stopReason(choice.finish_reason, toolCalls.length) };
  }
}

function toWire(m: ChatMessage): Record<string, unknown> {
  if (m.role === "tool") return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  if (m.role === "assistant" && m.toolCalls?.length) {
    return {
      role: "assistant",
      content: m.content || null,
      tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
    };
  }
  return { role: m.role, content: m.content };
}

const ChatCompletionResponse = z.object({
  model: z.string().optional(),
  choices: z.array(
    z.object({
      message: z.object({
        content: z.string().nullish(),
        tool_calls: z.array(z.object({ id: z.string().optional(), function: z.object({ name: z.string(), arguments: z.string().default("{}") }) })).nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).nullish(),
});

/** Arguments come as a JSON string the model wrote; one that does not parse to an object is kept raw. */
export function parseArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: the model's text is kept for the caller to judge
  }
  return { _raw: text };
}

function stopReason(finish: string | null | undefined, toolCalls: number): Completion["stopReason"] {
  if (finish === "tool_calls" || finish === "function_call" || (toolCalls > 0 && finish !== "length")) return "tool_use";
  if (finish === "stop") return "end";
  if (finish === "length") return "max_tokens";
  return "other";
}

export function badShape(url: string, error: z.ZodError): ModelError {
  const issue = error.issues[0];
  const where = issue?.path.join(".") || "(top level)";
  return new ModelError("MODEL_BAD_RESPONSE", `${url} answered in an unexpected shape: field ${where}: ${issue?.message ?? "invalid"}`, "check that the base URL and provider kind match the server (OpenAI-compatible vs Anthropic)");
}
