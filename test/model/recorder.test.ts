import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createProvider, ModelError, resolveModelConfig, type CompletionRequest } from "../../src/model/index.js";
import { chatAnswer, ScriptedModelServer } from "../helpers/model-server.js";

let dir: string;
let server: ScriptedModelServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skvm-record-"));
});
afterEach(async () => server?.stop());
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function withConfig(name: string, config: object) {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(config));
  return createProvider(resolveModelConfig({}, { SKVM_CONFIG: path }));
}

const q = (content: string, tools = false): CompletionRequest => ({
  messages: [{ role: "user", content }],
  maxTokens: 32,
  ...(tools ? { tools: [{ name: "t", description: "d", inputSchema: { type: "object" } }] } : {}),
});

describe("recording a real run and replaying it without the model", () => {
  it("replays each recorded request's answer exactly, repeats in recorded order, and refuses a request never recorded", async () => {
    server = new ScriptedModelServer([
      chatAnswer({ text: "first", usage: [3, 1] }),
      chatAnswer({ toolCalls: [{ id: "c1", name: "t", arguments: '{"x":1}' }], usage: [4, 2] }),
      chatAnswer({ text: "first again, differently", usage: [3, 4] }),
    ]);
    const url = await server.start();
    const recording = join(dir, "run.jsonl");
    const live = await withConfig("live", { provider: "vllm", model: "m1", baseUrl: `${url}/v1`, record: recording });
    const answers = [await live.complete(q("one")), await live.complete(q("two", true)), await live.complete(q("one"))];
    await server.stop();

    const lines = (await readFile(recording, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ v: 1, provider: "vllm", model: "m1", request: { maxTokens: 32 }, completion: { text: "first" } });

    const replay = await withConfig("replay", { provider: "replay", replay: recording });
    // A different key order in the request is the same request.
    const reordered: CompletionRequest = { maxTokens: 32, messages: [{ content: "two", role: "user" }], tools: q("two", true).tools };
    expect(await replay.complete(reordered)).toEqual(answers[1]);
    expect(await replay.complete(q("one"))).toEqual(answers[0]);
    expect(await replay.complete(q("one"))).toEqual(answers[2]);
    expect(await replay.complete(q("one"))).toEqual(answers[2]);
    const miss = await replay.complete(q("three")).catch((e: ModelError) => e);
    expect(miss.code).toBe("MODEL_REPLAY_MISS");
    expect(miss.message).toContain('"three"');
    expect(replay.totals()).toMatchObject({ calls: 4, input: 4 + 3 + 3 + 3, output: 2 + 1 + 4 + 4 });
  });

  it("a damaged recording is refused naming the file, line and field", async () => {
    const path = join(dir, "bad.jsonl");
    await writeFile(path, `${JSON.stringify({ v: 1, provider: "x", model: "m", request: q("a"), completion: { text: "t", toolCalls: [], usage: { input: 1, output: 1 }, model: "m", stopReason: "end" } })}\n{"v":1,"provider":"x","model":"m","request":{"messages":[],"maxTokens":1}}\n`);
    const err = await withConfig("bad", { provider: "replay", replay: path }).catch((e: ModelError) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toContain(`${path}:2: field request.messages`);
  });
});
