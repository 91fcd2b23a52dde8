import type { CompletionRequest, ToolCall, Usage } from "./provider.js";

type CountTokens = (text: string) => number;
let loading: Promise<CountTokens> | undefined;

/** o200k_base from gpt-tokenizer: its tables are large, so loaded only when a provider gives no usage. */
function tokenCounter(): Promise<CountTokens> {
  loading ??= import("gpt-tokenizer/encoding/o200k_base").then((m) => (text: string) => m.countTokens(text));
  return loading;
}

/** Chat formats add a few tokens of framing per message (role, separators); OpenAI's guide counts about 4. */
const PER_MESSAGE_OVERHEAD = 4;

/**
 * Usage counted locally, for a provider whose answer carries none (MCP sampling, some local
 * servers). Marked `estimated`: o200k counts are close to, not equal to, other models' tokenizers.
 */
export async function estimateUsage(request: CompletionRequest, answer: { text: string; toolCalls: ToolCall[] }): Promise<Usage> {
  const count = await tokenCounter();
  const inputs = [
    request.system ?? "",
    ...request.messages.map((m) => m.content + (m.toolCalls?.length ? JSON.stringify(m.toolCalls) : "")),
    request.tools?.length ? JSON.stringify(request.tools) : "",
  ];
  const input = inputs.reduce((sum, text) => sum + count(text), 0) + PER_MESSAGE_OVERHEAD * (request.messages.length + (request.system ? 1 : 0));
  const output = count(answer.text) + (answer.toolCalls.length ? count(JSON.stringify(answer.toolCalls)) : 0);
  return { input, output, estimated: true };
}
