import { z } from "zod";

// The one interface every model provider implements (OpenAI-compatible, Anthropic, MCP sampling,
// scripted/replay). Passes and the profiler talk to models only through it.

export const ChatRole = z.enum(["user", "assistant", "tool"]);

export const ToolCall = z.object({
  id: z.string(),
  name: z.string(),
  /** Parsed JSON arguments; a provider that got unparseable arguments passes them as `{ _raw: text }`. */
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const ChatMessage = z.object({
  role: ChatRole,
  content: z.string(),
  /** On an assistant message: the calls it made. */
  toolCalls: z.array(ToolCall).optional(),
  /** On a tool message: which call this answers. */
  toolCallId: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ToolSpec = z.object({
  name: z.string(),
  description: z.string(),
  /** JSON Schema of the arguments object. */
  inputSchema: z.record(z.string(), z.unknown()),
});
export type ToolSpec = z.infer<typeof ToolSpec>;

export const Usage = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  /** True when the API gave no usage and the counts come from the local tokenizer. */
  estimated: z.boolean().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const StopReason = z.enum(["end", "tool_use", "max_tokens", "stop_sequence", "other"]);

export const CompletionRequest = z.object({
  system: z.string().optional(),
  messages: z.array(ChatMessage).min(1),
  tools: z.array(ToolSpec).optional(),
  maxTokens: z.number().int().positive(),
  temperature: z.number().min(0).max(2).optional(),
});
/** `signal` is not data, so it rides beside the schema. */
export type CompletionRequest = z.infer<typeof CompletionRequest> & { signal?: AbortSignal };

export const Completion = z.object({
  text: z.string(),
  toolCalls: z.array(ToolCall),
  usage: Usage,
  /** The model that answered, as the API names it. */
  model: z.string(),
  stopReason: StopReason,
});
export type Completion = z.infer<typeof Completion>;

export interface ModelProvider {
  /** "openai", "anthropic", "sampling", "scripted", ... */
  readonly kind: string;
  /** The model asked for (the answer's `model` may be more specific). */
  readonly model: string;
  /** Whether this provider can take `tools` (function calling). */
  readonly supportsTools: boolean;
  complete(request: CompletionRequest): Promise<Completion>;
}
