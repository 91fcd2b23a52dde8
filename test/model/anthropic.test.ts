import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProvider, ModelError, resolveModelConfig } from "../../src/model/index.js";
import { ScriptedModelServer, type ScriptedAnswer } from "../helpers/model-server.js";
import { tempConfig } from "../helpers/model-config.js";

const configs: Array<() => void> = [];
let server: ScriptedModelServer | undefined;
afterEach(async () => server?.stop());
afterAll(() => configs.forEach((cleanup) => cleanup()));

async function anthropicFor(answers: ScriptedAnswer[], file: Record<string, unknown> = {}) {
  server = new ScriptedModelServer(answers);
  const url = await server.start();
  const config = tempConfig({ provider: "anthropic", model: "claude-sonnet-4-5", baseUrl: url, ...file });
  configs.push(config.cleanup);
  return createProvider(resolveModelConfig({}, { ...config.env, ANTHROPIC_API_KEY: "sk-ant-test-abcdef" }));
}

function message(content: unknown[], usage: Record<string, number> | null = { input_tokens: 10, output_tokens: 5 }, stop = "end_turn"): ScriptedAnswer {
  return { body: { id: "msg_1", type: "message", role: "assistant", model: "claude-sonnet-4-5-20250929", content, stop_reason: stop, ...(usage ? { usage } : {}) } };
}

describe("Anthropic provider against a scripted Messages API on loopback", () => {
  it("round-trips tool use: parallel calls come back, and their results go back as one user turn", async () => {
    const provider = await anthropicFor([
      message(
        [
          { type: "text", text: "Reading both." },
          { type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "a" } },
          { type: "tool_use", id: "toolu_2", name: "read_file", input: { path: "b" } },
        ],
        undefined,
        "tool_use",
      ),
      message([{ type: "text", text: "a and b" }]),
    ]);
    const tools = [{ name: "read_file", description: "Read a file", inputSchema: { type: "object", properties: { path: { type: "string" } } } }];
    const first = await provider.complete({ system: "sys", tools, maxTokens: 100, messages: [{ role: "user", content: "read a and b" }] });
    expect(first).toMatchObject({ text: "Reading both.", stopReason: "tool_use", model: "claude-sonnet-4-5-20250929" });
    expect(first.toolCalls.map((c) => c.id)).toEqual(["toolu_1", "toolu_2"]);

    const second = await provider.complete({
      system: "sys",
      tools,
      maxTokens: 100,
      messages: [
        { role: "user", content: "read a and b" },
        { role: "assistant", content: first.text, toolCalls: first.toolCalls },
        { role: "tool", content: "A", toolCallId: "toolu_1" },
        { role: "tool", content: "B", toolCallId: "toolu_2" },
      ],
    });
    expect(second.text).toBe("a and b");
    const [req1, req2] = server!.seen;
    expect(req1!.path).toBe("/v1/messages");
    expect(req1!.headers["x-api-key"]).toBe("sk-ant-test-abcdef");
    expect(req1!.headers["anthropic-version"]).toBe("2023-06-01");
    expect(req1!.body).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 100, system: "sys", tools: [{ name: "read_file", input_schema: tools[0]!.inputSchema }] });
    expect(req2!.body.messages).toEqual([
      { role: "user", content: "read a and b" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Reading both." },
          { type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "a" } },
          { type: "tool_use", id: "toolu_2", name: "read_file", input: { path: "b" } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "A" }, { type: "tool_result", tool_use_id: "toolu_2", content: "B" }] },
    ]);
  });

  it("retries 529 (overloaded) and 429 with Retry-After, then answers", async () => {
    const provider = await anthropicFor([
      { status: 529, body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } },
      { status: 429, headers: { "retry-after": "1" }, body: { type: "error", error: { type: "rate_limit_error", message: "slow" } } },
      message([{ type: "text", text: "fine" }]),
    ]);
    const answer = await provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "hi" }] });
    expect(answer.text).toBe("fine");
    expect(server!.seen).toHaveLength(3);
    expect(server!.seen[2]!.at - server!.seen[1]!.at).toBeGreaterThanOrEqual(990);
  });

  it("sums the usage the API reported, cache reads and writes counted as input", async () => {
    const provider = await anthropicFor([
      message([{ type: "text", text: "1" }], { input_tokens: 50, output_tokens: 20, cache_creation_input_tokens: 100, cache_read_input_tokens: 0 }),
      message([{ type: "text", text: "2" }], { input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 }),
    ]);
    await provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "a" }] });
    await provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "b" }] });
    const totals = provider.totals();
    expect(totals).toMatchObject({ calls: 2, input: 255, output: 27, estimatedCalls: 0 });
    expect(totals.costUsd).toBeCloseTo((255 * 3 + 27 * 15) / 1e6, 12);
  });

  it("a refused key is MODEL_AUTH, an unknown model MODEL_NOT_FOUND", async () => {
    const bad = await anthropicFor([{ status: 401, body: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } } }]);
    const err = await bad.complete({ maxTokens: 10, messages: [{ role: "user", content: "a" }] }).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_AUTH");
    expect(err.message).toContain("invalid x-api-key");
    expect(err.hint).toContain("ANTHROPIC_API_KEY");
    await server!.stop();
    const unknown = await anthropicFor([{ status: 404, body: { type: "error", error: { type: "not_found_error", message: "model: claude-9" } } }]);
    const err2 = await unknown.complete({ maxTokens: 10, messages: [{ role: "user", content: "a" }] }).catch((e: ModelError) => e);
    expect(err2.code).toBe("MODEL_NOT_FOUND");
  });

  it("refuses a temperature above 1 before sending anything", async () => {
    const provider = await anthropicFor([message([{ type: "text", text: "x" }])]);
    const err = await provider.complete({ maxTokens: 10, temperature: 1.5, messages: [{ role: "user", content: "a" }] }).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_BAD_REQUEST");
    expect(server!.seen).toHaveLength(0);
  });

  it("cancellation aborts the request in flight", async () => {
    const provider = await anthropicFor([{ hang: true }]);
    const controller = new AbortController();
    const call = provider.complete({ maxTokens: 10, messages: [{ role: "user", content: "a" }], signal: controller.signal });
    while (server!.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const err = await call.catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_ABORTED");
  });
});
