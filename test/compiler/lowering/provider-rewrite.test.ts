// Gaps no deterministic transform serves: a provider (a loopback server speaking the OpenAI
// Chat Completions API with scripted answers) rewrites the paragraph, under the same guard.
import { afterAll, describe, expect, it } from "vitest";
import { rewriteUnlowered } from "../../../src/compiler/lowering/index.js";
import { createProvider, resolveModelConfig } from "../../../src/model/index.js";
import { chatAnswer, ScriptedModelServer } from "../../helpers/model-server.js";
import { tempConfig } from "../../helpers/model-config.js";
import { codeBlocks, FRONT, lower, req } from "./lowering-fixture.js";

const base = `${FRONT}# Use\n\nOpen the dashboard in the browser, click Export and pick CSV.\n\n\`\`\`bash\necho done\n\`\`\`\n`;
const browser = [req(base, "tool.browser", 1, 7)];
const levels = { "tool.browser": "L0" } as const;

describe("provider rewrite of gaps without a transform", () => {
  const cleanups: Array<() => unknown> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function providerAnswering(text: string) {
    const server = new ScriptedModelServer([chatAnswer({ text })]);
    const url = await server.start();
    cleanups.push(() => server.stop());
    const config = tempConfig({ provider: "openai", model: "gpt-test", baseUrl: `${url}/v1` });
    cleanups.push(config.cleanup);
    return { server, provider: await createProvider(resolveModelConfig({}, { ...config.env, OPENAI_API_KEY: "sk-test-0123456789" })) };
  }


  it("rewrites the evidence paragraph, records the edit with its gap and evidence, and the guard passes", async () => {
    const { server, provider } = await providerAnswering("Ask the user to open the dashboard, click Export and pick CSV, then give you the file path.");
    const input = { skill: "demo", entry: "SKILL.md", base, report: { version: 1 as const, sourceHash: "sha256:test", requirements: browser }, profile: { id: "test/model", capabilities: levels }, manifest: { files: [], scripts: [] } };
    const deterministic = lower(base, browser, levels);
    expect(deterministic.gaps[0]!.status).toBe("no-transform");
    const result = await rewriteUnlowered(input, deterministic, provider);
    expect(result.guard?.ok).toBe(true);
    expect(result.variant).toContain("Ask the user to open the dashboard");
    expect(result.variant).not.toContain("Open the dashboard in the browser");
    for (const block of codeBlocks(base)) expect(result.variant).toContain(block);
    expect(result.edits).toEqual([expect.objectContaining({ transform: "provider-rewrite", gap: "tool.browser", line: 7, change: expect.objectContaining({ kind: "rewrite", endLine: 7 }) })]);
    expect(result.gaps[0]).toMatchObject({ status: "lowered", transform: "provider-rewrite (openai/gpt-test)" });
    // The model was told the capability, the levels and the catalogue's lowering guidance.
    const sent = JSON.stringify(server.seen[0]!.body);
    expect(sent).toContain("tool.browser");
    expect(sent).toContain("needs L1, the model has L0");
  });

  it("leaves the paragraph as it was when the answer is not plain prose (a code fence)", async () => {
    const { provider } = await providerAnswering("```bash\nrm -rf /\n```");
    const input = { skill: "demo", entry: "SKILL.md", base, report: { version: 1 as const, sourceHash: "sha256:test", requirements: browser }, profile: { id: "test/model", capabilities: levels }, manifest: { files: [], scripts: [] } };
    const result = await rewriteUnlowered(input, lower(base, browser, levels), provider);
    expect(result.variant).toBeUndefined();
    expect(result.gaps[0]!.status).toBe("no-transform");
  });

  it("is refused by the guard when the rewrite grows the skill past the bound", async () => {
    const { provider } = await providerAnswering(Array.from({ length: 80 }, (_, i) => `Step ${i}: ask the user.`).join("\n"));
    const input = { skill: "demo", entry: "SKILL.md", base, report: { version: 1 as const, sourceHash: "sha256:test", requirements: browser }, profile: { id: "test/model", capabilities: levels }, manifest: { files: [], scripts: [] } };
    const result = await rewriteUnlowered(input, lower(base, browser, levels), provider);
    expect(result.guard?.ok).toBe(false);
    expect(result.guard?.violations.map((v) => v.rule)).toEqual(["growth"]);
  });
});
