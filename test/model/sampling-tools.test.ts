// The sampling provider's tool use (protocol 2025-11-25): the SDK Client is the host and declares
// sampling.tools; its handler plays a model that calls a tool, then answers with the result.
// Server and client are the real SDK objects, linked in-process.
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import type { ClientCapabilities, CreateMessageRequest } from "@modelcontextprotocol/server";
import { Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { ModelError, SamplingProvider } from "../../src/model/index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function connected(capabilities: ClientCapabilities, answer: (params: CreateMessageRequest["params"]) => object) {
  const server = new McpServer({ name: "s", version: "0" });
  const client = new Client({ name: "host", version: "0" }, { capabilities });
  const seen: CreateMessageRequest["params"][] = [];
  if (capabilities.sampling) {
    client.setRequestHandler('sampling/createMessage', async (req) => {
      seen.push(req.params);
      return answer(req.params) as never;
    });
  }
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  closers.push(() => client.close());
  return { provider: new SamplingProvider({ server: server.server, timeoutMs: 5000 }), seen };
}

const tools = [{ name: "add", description: "Add two numbers", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } } }];

describe("MCP sampling provider with tools", () => {
  it("round-trips a tool call: tool_use comes back as a call, its result goes back as a tool_result turn", async () => {
    const { provider, seen } = await connected({ sampling: { tools: {} } }, (params) => {
      const last = params.messages.at(-1)!;
      const blocks = Array.isArray(last.content) ? last.content : [last.content];
      if (blocks[0]?.type === "tool_result") return { model: "host-model-1", role: "assistant", content: [{ type: "text", text: "It is 5." }], stopReason: "endTurn" };
      return { model: "host-model-1", role: "assistant", content: [{ type: "tool_use", id: "t1", name: "add", input: { a: 2, b: 3 } }], stopReason: "toolUse" };
    });
    expect(provider.supportsTools).toBe(true);
    const first = await provider.complete({ system: "math", tools, maxTokens: 50, messages: [{ role: "user", content: "2+3?" }] });
    expect(first).toMatchObject({ model: "host-model-1", stopReason: "tool_use", toolCalls: [{ id: "t1", name: "add", arguments: { a: 2, b: 3 } }] });
    expect(first.usage.estimated).toBe(true);

    const second = await provider.complete({
      tools,
      maxTokens: 50,
      messages: [
        { role: "user", content: "2+3?" },
        { role: "assistant", content: "", toolCalls: first.toolCalls },
        { role: "tool", content: "5", toolCallId: "t1" },
      ],
    });
    expect(second).toMatchObject({ text: "It is 5.", stopReason: "end" });
    expect(seen[0]).toMatchObject({ systemPrompt: "math", maxTokens: 50, tools: [{ name: "add", description: "Add two numbers" }] });
    expect(seen[1]!.messages).toEqual([
      { role: "user", content: { type: "text", text: "2+3?" } },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "add", input: { a: 2, b: 3 } }] },
      { role: "user", content: [{ type: "tool_result", toolUseId: "t1", content: [{ type: "text", text: "5" }] }] },
    ]);
  });

  it("a client with sampling but not sampling.tools: no tools, and a coded error before anything is sent", async () => {
    const { provider, seen } = await connected({ sampling: {} }, () => ({ model: "m", role: "assistant", content: { type: "text", text: "x" } }));
    expect(provider.supportsTools).toBe(false);
    const err = await provider.complete({ tools, maxTokens: 10, messages: [{ role: "user", content: "hi" }] }).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_TOOLS_UNSUPPORTED");
    expect(seen).toHaveLength(0);
    // Without tools it still works.
    expect((await provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "hi" }] })).text).toBe("x");
  });

  it("a client without sampling: MODEL_SAMPLING_UNAVAILABLE with a hint to configure a provider", async () => {
    const { provider } = await connected({}, () => ({}));
    const err = await provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "hi" }] }).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_SAMPLING_UNAVAILABLE");
    expect(err.hint).toContain("--provider");
  });
});
