import type { ChatMessage } from "./provider.js";

/**
 * Anthropic Messages and MCP sampling carry tool results as blocks of one user turn that must
 * answer every call of the assistant turn before it; our messages carry one result each. Runs of
 * tool messages become one turn.
 */
export type Turn = { kind: "message"; message: ChatMessage } | { kind: "toolResults"; results: ChatMessage[] };

export function groupToolResults(messages: readonly ChatMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const last = turns.at(-1);
    if (message.role !== "tool") turns.push({ kind: "message", message });
    else if (last?.kind === "toolResults") last.results.push(message);
    else turns.push({ kind: "toolResults", results: [message] });
  }
  return turns;
}
