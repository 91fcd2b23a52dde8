import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProvider, ModelError, resolveModelConfig, type CompletionRequest } from "../../src/model/index.js";
import { chatAnswer, ScriptedModelServer, type ScriptedAnswer } from "../helpers/model-server.js";
import { tempConfig } from "../helpers/model-config.js";

const configs: Array<() => void> = [];
let server: ScriptedModelServer | undefined;
afterEach(async () => server?.stop());
afterAll(() => configs.forEach((cleanup) => cleanup()));

/** A real server on loopback with these answers, and the provider the configuration builds for it. */
async function providerFor(answers: ScriptedAnswer[], file: Record<string, unknown> = {}, kind = "openai") {
  server = new ScriptedModelServer(answers);
  const url = await server.start();
  const config = tempConfig({ provider: kind, model: "gpt-4o-mini", baseUrl: `${url}/v1`, ...file });
  configs.push(config.cleanup);
  return createProvider(resolveModelConfig({}, { ...config.env, OPENAI_API_KEY: "sk-test-0123456789" }));
}

const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ messages: [{ role: "user", content }], maxTokens: 64, ...extra });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelError);
  return (err as ModelError).code;
}

describe("OpenAI-compatible provider against a scripted server on loopback", () => {
  it("round-trips a tool call: the call comes back parsed and the next request carries it and its result", async () => {
    const provider = await providerFor([
      chatAnswer({ toolCalls: [{ id: "call_1", name: "read_file", arguments: '{"path":"a.txt"}' }] }),
      chatAnswer({ text: "The file says hello." }),
    ]);
    const tools = [{ name: "read_file", description: "Read a file", inputSchema: { type: "object", properties: { path: { type: "string" } } } }];
    const first = await provider.complete(ask("What is in a.txt?", { tools, system: "Be brief." }));
    expect(first.toolCalls).toEqual([{ id: "call_1", name: "read_file", arguments: { path: "a.txt" } }]);
    expect(first.stopReason).toBe("tool_use");

    const second = await provider.complete({
      system: "Be brief.",
      tools,
      maxTokens: 64,
      messages: [
        { role: "user", content: "What is in a.txt?" },
        { role: "assistant", content: "", toolCalls: first.toolCalls },
        { role: "tool", content: "hello", toolCallId: "call_1" },
      ],
    });
    expect(second.text).toBe("The file says hello.");
    expect(second.stopReason).toBe("end");

    const [req1, req2] = server!.seen;
    expect(req1!.path).toBe("/v1/chat/completions");
    expect(req1!.headers.authorization).toBe("Bearer sk-test-0123456789");
    expect(req1!.body).toMatchObject({ model: "gpt-4o-mini", max_completion_tokens: 64, tools: [{ type: "function", function: { name: "read_file" } }] });
    expect(req1!.body.messages).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "What is in a.txt?" }]);
    expect(req2!.body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is in a.txt?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"a.txt"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "hello" },
    ]);
  });

  it("keeps arguments that are not a JSON object as _raw", async () => {
    const provider = await providerFor([chatAnswer({ toolCalls: [{ id: "c", name: "f", arguments: "{not json" }] })]);
    const answer = await provider.complete(ask("x", { tools: [{ name: "f", description: "f", inputSchema: { type: "object" } }] }));
    expect(answer.toolCalls[0]!.arguments).toEqual({ _raw: "{not json" });
  });

  it("retries 429 after the Retry-After the server asked for, and 500, then answers", async () => {
    const provider = await providerFor([
      { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "slow down" } } },
      { status: 500, body: { error: { message: "boom" } } },
      chatAnswer({ text: "ok" }),
    ]);
    const answer = await provider.complete(ask("hi"));
    expect(answer.text).toBe("ok");
    const [a, b, c] = server!.seen;
    expect(server!.seen).toHaveLength(3);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(990);
    expect(c!.body).toEqual(a!.body);
  });

  it("gives up with MODEL_SERVER_ERROR after maxRetries and says what the server said", async () => {
    const provider = await providerFor([{ status: 503, body: { error: { message: "overloaded" } } }], { maxRetries: 1 });
    const err = await provider.complete(ask("hi")).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_SERVER_ERROR");
    expect(err.message).toContain("HTTP 503: overloaded");
    expect(server!.seen).toHaveLength(2);
  });

  it("does not wait out a Retry-After longer than a minute: fails at once with MODEL_RATE_LIMITED", async () => {
    const provider = await providerFor([{ status: 429, headers: { "retry-after": "3600" }, body: { error: { message: "quota" } } }]);
    const err = await provider.complete(ask("hi")).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_RATE_LIMITED");
    expect(err.message).toContain("asks to wait 3600 s");
    expect(server!.seen).toHaveLength(1);
  });

  it("sums exactly the usage the server reported, and prices it from the table", async () => {
    const provider = await providerFor([chatAnswer({ text: "a", usage: [120, 30] }), chatAnswer({ text: "b", usage: [200, 45] }), chatAnswer({ text: "c", usage: [7, 1] })]);
    for (const q of ["one", "two", "three"]) await provider.complete(ask(q));
    const totals = provider.totals();
    expect(totals).toMatchObject({ calls: 3, input: 327, output: 76, estimatedCalls: 0, unpricedCalls: 0 });
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(totals.costUsd).toBeCloseTo((327 * 0.15 + 76 * 0.6) / 1e6, 12);
  });

  it("prices from the config's prices when it names the model", async () => {
    const provider = await providerFor([chatAnswer({ text: "a", usage: [1_000_000, 1_000_000], model: "my-local-model" })], { model: "my-local-model", prices: { "my-local": { input: 1, output: 2 } } });
    await provider.complete(ask("x"));
    expect(provider.totals().costUsd).toBeCloseTo(3, 9);
  });

  it("counts tokens locally, marked estimated, when the server reports no usage", async () => {
    const provider = await providerFor([chatAnswer({ text: "four score and seven years ago", usage: null })], { provider: "ollama", model: "qwen3:8b" });
    const answer = await provider.complete(ask("Recite the opening of the Gettysburg address."));
    expect(answer.usage.estimated).toBe(true);
    expect(answer.usage.output).toBeGreaterThan(3);
    expect(answer.usage.input).toBeGreaterThan(8);
    expect(provider.totals()).toMatchObject({ estimatedCalls: 1, costUsd: 0, unpricedCalls: 0 });
    // Ollama needs no key and takes max_tokens.
    expect(server!.seen[0]!.body.max_tokens).toBe(64);
  });

  it("cancellation aborts the request in flight: MODEL_ABORTED, and the server sees the connection go", async () => {
    const provider = await providerFor([{ hang: true }]);
    const controller = new AbortController();
    const call = provider.complete(ask("hi", { signal: controller.signal }));
    await waitFor(() => server!.seen.length === 1);
    controller.abort();
    expect(await codeOf(call)).toBe("MODEL_ABORTED");
    await waitFor(() => server!.abandoned === 1);
  });

  it("cancellation during a backoff stops the retries", async () => {
    const provider = await providerFor([{ status: 429, headers: { "retry-after": "30" }, body: {} }]);
    const controller = new AbortController();
    const call = provider.complete(ask("hi", { signal: controller.signal }));
    await waitFor(() => server!.seen.length === 1);
    controller.abort();
    expect(await codeOf(call)).toBe("MODEL_ABORTED");
    expect(server!.seen).toHaveLength(1);
  });

  it("a server that never answers fails with MODEL_TIMEOUT after timeoutMs", async () => {
    const provider = await providerFor([{ hang: true }], { timeoutMs: 300 });
    expect(await codeOf(provider.complete(ask("hi")))).toBe("MODEL_TIMEOUT");
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const provider = await providerFor([{ ...chatAnswer({ text: "ok" }), delayMs: 100 }], { concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => provider.complete(ask(`q${i}`))));
    expect(server!.seen).toHaveLength(6);
    expect(server!.maxInFlight).toBe(2);
  });

  it("a refused key is MODEL_AUTH with a hint naming where the key came from", async () => {
    const provider = await providerFor([{ status: 401, body: { error: { message: "Incorrect API key provided", code: "invalid_api_key" } } }]);
    const err = await provider.complete(ask("hi")).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_AUTH");
    expect(err.hint).toContain("env OPENAI_API_KEY");
    expect(server!.seen).toHaveLength(1);
  });

  it("an unknown model is MODEL_NOT_FOUND, a wrong path is MODEL_ENDPOINT_NOT_FOUND", async () => {
    const unknownModel = await providerFor([{ status: 404, body: { error: { message: "The model `gpt-9` does not exist", code: "model_not_found" } } }]);
    expect(await codeOf(unknownModel.complete(ask("hi")))).toBe("MODEL_NOT_FOUND");
    await server!.stop();
    const ollamaStyle = await providerFor([{ status: 404, body: { error: { message: "model \"llama9\" not found, try pulling it first" } } }], { provider: "ollama" });
    expect(await codeOf(ollamaStyle.complete(ask("hi")))).toBe("MODEL_NOT_FOUND");
    await server!.stop();
    const wrongPath = await providerFor([{ status: 404, body: "404 page not found" }]);
    const err = await wrongPath.complete(ask("hi")).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_ENDPOINT_NOT_FOUND");
    expect(err.hint).toContain("/v1");
  });

  it("an unreachable base URL is MODEL_UNREACHABLE at once (no retries), naming the address", async () => {
    const provider = await providerFor([chatAnswer({ text: "never" })]);
    await server!.stop();
    const err = await provider.complete(ask("hi")).catch((e: ModelError) => e);
    expect(err.code).toBe("MODEL_UNREACHABLE");
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).toMatch(/127\.0\.0\.1:\d+\/v1/);
  });

  it("an unknown host is MODEL_UNREACHABLE", async () => {
    const config = tempConfig({ provider: "vllm", model: "m", baseUrl: "http://no-such-host.invalid/v1", maxRetries: 0 });
    configs.push(config.cleanup);
    const provider = await createProvider(resolveModelConfig({}, config.env));
    expect(await codeOf(provider.complete(ask("hi")))).toBe("MODEL_UNREACHABLE");
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
