// `skvm profile` against real model APIs on loopback: the agent loop runs through function calls,
// 429 and 500 answers are retried, and the profile's token totals are what the API reported.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { chatAnswer, ScriptedModelServer, type ScriptedAnswer } from "../helpers/model-server.js";

let root: string;
let server: ScriptedModelServer | undefined;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "skvm-profile-http-"));
  // An empty config file: flags and the environment say everything, and ~/.config is not read.
  await writeFile(join(root, "config.json"), "{}");
});
afterEach(async () => server?.stop());
afterAll(async () => rm(root, { recursive: true, force: true }));

const anthropicMessage = (content: unknown[], usage: [number, number], stop: string): ScriptedAnswer => ({
  body: { id: "msg_1", type: "message", role: "assistant", model: "claude-test-1", content, stop_reason: stop, usage: { input_tokens: usage[0], output_tokens: usage[1] } },
});

interface Case {
  provider: string;
  path: (url: string) => string;
  answers: ScriptedAnswer[];
  /** The request after the tool call carries the tool's result back. */
  carriesResult: (body: Record<string, unknown>) => boolean;
}

const CASES: Record<string, Case> = {
  "OpenAI-compatible": {
    provider: "openai",
    path: (url) => `${url}/v1`,
    answers: [
      { status: 429, headers: { "retry-after": "1" }, body: { error: { type: "rate_limit_exceeded", message: "slow down" } } },
      { status: 500, body: { error: { type: "server_error", message: "oops" } } },
      chatAnswer({ toolCalls: [{ id: "call_1", name: "list_files", arguments: '{"path":"."}' }], usage: [11, 7] }),
      chatAnswer({ text: "I found nothing.", usage: [13, 5] }),
    ],
    carriesResult: (body) => JSON.stringify(body.messages).includes('"tool_call_id":"call_1"'),
  },
  Anthropic: {
    provider: "anthropic",
    path: (url) => url,
    answers: [
      { status: 429, headers: { "retry-after": "1" }, body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } },
      { status: 500, body: { type: "error", error: { type: "api_error", message: "oops" } } },
      anthropicMessage([{ type: "tool_use", id: "toolu_1", name: "list_files", input: { path: "." } }], [11, 7], "tool_use"),
      anthropicMessage([{ type: "text", text: "I found nothing." }], [13, 5], "end_turn"),
    ],
    carriesResult: (body) => JSON.stringify(body.messages).includes('"tool_use_id":"toolu_1"'),
  },
};

describe("skvm profile through a model API on loopback", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: drives the tool loop through function calls, retries 429 and 500, and totals the API's usage`, { timeout: 120_000 }, async () => {
      server = new ScriptedModelServer(c.answers);
      const url = await server.start();
      const env = { SKVM_HOME: join(root, name), SKVM_CONFIG: join(root, "config.json"), SKVM_API_KEY: "sk-test-0123456789" };
      const args = ["profile", "--provider", c.provider, "--base-url", c.path(url), "--model", "test-model", "--primitives", "tool.file.read", "--instances", "1", "--early-stop", "--json"];
      const r = await skvm(args, root, env);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { profile: { capabilities: Record<string, string>; cost: { totalTokens: { input: number; output: number } } } };
      // The model listed files and never read the one holding the code: L1 fails, early stop ends it.
      expect(out.profile.capabilities).toEqual({ "tool.file.read": "L0" });
      expect(server.seen).toHaveLength(4);
      expect(server.seen[0]!.body.tools).toBeDefined();
      expect(c.carriesResult(server.seen[3]!.body)).toBe(true);
      // Retried after the 429's Retry-After (1 s).
      expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(1000);
      expect(out.profile.cost.totalTokens).toMatchObject({ input: 11 + 13, output: 7 + 5 });
    });
  }
});
