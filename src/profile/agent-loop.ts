import type { ChatMessage, ModelProvider, ToolSpec, Usage } from "../model/provider.js";
import type { Outcome } from "./probe.js";
import { callWorkspaceTool, WORKSPACE_TOOLS } from "./workspace-tools.js";

export const AGENT_SYSTEM =
  "You work inside a folder, your workspace. Use the tools to read, write and list its files and to run commands there; paths are relative to the workspace. When the task is done, reply with your final answer and no tool call.";

export interface ModelCalls {
  calls: number;
  usage: { input: number; output: number };
  /** Time spent waiting for the model: the profiler's own overhead is the rest. */
  modelMs: number;
}

export const noCalls = (): ModelCalls => ({ calls: 0, usage: { input: 0, output: 0 }, modelMs: 0 });

/** One completion, counted. */
export async function countedComplete(provider: ModelProvider, tally: ModelCalls, request: Parameters<ModelProvider["complete"]>[0]) {
  const t0 = performance.now();
  try {
    const completion = await provider.complete(request);
    addUsage(tally, completion.usage);
    return completion;
  } finally {
    tally.calls++;
    tally.modelMs += performance.now() - t0;
  }
}

function addUsage(tally: ModelCalls, usage: Usage): void {
  tally.usage.input += usage.input;
  tally.usage.output += usage.output;
}

export interface AgentRun {
  provider: ModelProvider;
  prompt: string;
  workspace: string;
  extraTools?: ToolSpec[];
  maxSteps: number;
  maxTokens: number;
  signal?: AbortSignal;
}

/**
 * A small function-calling loop: the model acts through the workspace tools until it answers
 * without a tool call or runs out of steps. Extra tools (the ones a probe checks the arguments
 * of) answer "ok".
 */
export async function runAgent(run: AgentRun, tally: ModelCalls): Promise<Outcome & { stepLimitHit: boolean }> {
  const extra = new Set((run.extraTools ?? []).map((t) => t.name));
  const tools = [...WORKSPACE_TOOLS, ...(run.extraTools ?? [])];
  const messages: ChatMessage[] = [{ role: "user", content: run.prompt }];
  const calls: Outcome["calls"] = [];
  for (let turn = 0; turn < run.maxSteps; turn++) {
    const reply = await countedComplete(run.provider, tally, { system: AGENT_SYSTEM, messages, tools, maxTokens: run.maxTokens, temperature: 0, signal: run.signal });
    messages.push({ role: "assistant", content: reply.text, toolCalls: reply.toolCalls.length ? reply.toolCalls : undefined });
    if (reply.toolCalls.length === 0) return { text: reply.text, workspace: run.workspace, calls, stepLimitHit: false };
    for (const call of reply.toolCalls) {
      calls.push({ turn, name: call.name, arguments: call.arguments });
      const answer = extra.has(call.name) ? "ok" : await callWorkspaceTool(run.workspace, call.name, call.arguments, run.signal);
      messages.push({ role: "tool", content: answer, toolCallId: call.id });
    }
  }
  return { text: "", workspace: run.workspace, calls, stepLimitHit: true };
}
