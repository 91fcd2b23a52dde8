import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedProvider, ScriptError } from "../../src/model/scripted.js";
import type { ChatMessage, ToolSpec } from "../../src/model/provider.js";

const TOOLS: ToolSpec[] = [{ name: "read_file", description: "read", inputSchema: { type: "object" } }];
const user = (content: string): ChatMessage => ({ role: "user", content });

describe("scripted provider", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "skvm-scripted-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };

  it("answers by pattern on the last user message, turn by turn through tool calls, and counts tokens", async () => {
    const path = await file(
      "a.yaml",
      ["model: demo/one", "rules:", "  - match: 'secret in (\\S+)'", "    turns:", "      - toolCalls: [{ name: read_file, arguments: { path: notes.txt } }]", "      - text: 'ANSWER: 42'", "  - match: '^hello'", "    flags: i", "    text: hi there"].join("\n"),
    );
    const p = await createScriptedProvider(path);
    expect([p.kind, p.model, p.supportsTools]).toEqual(["scripted", "demo/one", true]);
    const first = await p.complete({ messages: [user("find the secret in notes.txt")], tools: TOOLS, maxTokens: 100 });
    expect(first.toolCalls).toEqual([{ id: "call_0_0", name: "read_file", arguments: { path: "notes.txt" } }]);
    expect(first.stopReason).toBe("tool_use");
    const second = await p.complete({
      messages: [user("find the secret in notes.txt"), { role: "assistant", content: "", toolCalls: first.toolCalls }, { role: "tool", content: "42", toolCallId: "call_0_0" }],
      tools: TOOLS,
      maxTokens: 100,
    });
    expect([second.text, second.stopReason]).toEqual(["ANSWER: 42", "end"]);
    expect(second.usage.input).toBeGreaterThan(first.usage.input);
    expect(second.usage).toMatchObject({ output: countTokens("ANSWER: 42"), estimated: true });
    expect((await p.complete({ messages: [user("HELLO you")], maxTokens: 10 })).text).toBe("hi there");
  });

  it("uses unmatched rules in order, one per conversation, then the fallback", async () => {
    const path = await file("b.json", JSON.stringify({ rules: [{ text: "one" }, { text: "two" }], fallback: { text: "enough" } }));
    const p = await createScriptedProvider(path, { model: "override" });
    const say = async (q: string) => (await p.complete({ messages: [user(q)], maxTokens: 10 })).text;
    expect([await say("a"), await say("b"), await say("c")]).toEqual(["one", "two", "enough"]);
    expect(p.model).toBe("override");
  });

  it("drops tool calls when the script plays a model without function calling", async () => {
    const path = await file("c.json", JSON.stringify({ supportsTools: false, rules: [{ toolCalls: [{ name: "read_file" }], text: "no tools" }] }));
    const p = await createScriptedProvider(path);
    const c = await p.complete({ messages: [user("x")], tools: TOOLS, maxTokens: 10 });
    expect([p.supportsTools, c.toolCalls, c.text]).toEqual([false, [], "no tools"]);
  });

  it("refuses a bad file with the field named, and a prompt no rule covers", async () => {
    const bad = await file("d.json", JSON.stringify({ rules: [{ match: "x", turns: [] }] }));
    await expect(createScriptedProvider(bad)).rejects.toThrow(/SCRIPT_INVALID: .*d\.json: rules\.0\.turns/);
    const regex = await file("e.json", JSON.stringify({ rules: [{ match: "(", text: "x" }] }));
    await expect(createScriptedProvider(regex)).rejects.toThrow(/rules\.0\.match/);
    const narrow = await createScriptedProvider(await file("f.json", JSON.stringify({ rules: [{ match: "^only$", text: "x" }] })));
    const err = await narrow.complete({ messages: [user("something else")], maxTokens: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScriptError);
    expect((err as ScriptError).code).toBe("SCRIPT_NO_MATCH");
  });
});
