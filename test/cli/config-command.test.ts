import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";

// The variables that would leak in from the machine running the tests are cleared in each run.
const CLEAN = { SKVM_PROVIDER: "", SKVM_MODEL: "", SKVM_BASE_URL: "", SKVM_API_KEY: "", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", OPENROUTER_API_KEY: "" };

describe("skvm config", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "skvm-config-"));
    file = join(dir, "config.json");
    await writeFile(file, JSON.stringify({ provider: "anthropic", model: "from-file", baseUrl: "http://127.0.0.1:9/file", timeoutMs: 5000, apiKey: "file-secret-key-9876" }, null, 2));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const show = async (args: string[], env: Record<string, string> = {}) => {
    const run = await skvm(["config", ...args, "--json"], dir, { ...CLEAN, SKVM_CONFIG: file, ...env });
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { configFile: { path: string; found: boolean }; settings: Record<string, { value: unknown; source: string }> };
  };

  it("takes each setting from flags over env over the config file over defaults, and says where it came from", async () => {
    const all = await show(["--model", "from-flag"], { SKVM_MODEL: "from-env", SKVM_BASE_URL: "http://127.0.0.1:9/env" });
    expect(all.configFile).toEqual({ path: file, found: true });
    expect(all.settings.model).toEqual({ value: "from-flag", source: "flag --model" });
    expect(all.settings.baseUrl).toEqual({ value: "http://127.0.0.1:9/env", source: "env SKVM_BASE_URL" });
    expect(all.settings.provider).toEqual({ value: "anthropic", source: `file ${file}` });
    expect(all.settings.timeoutMs).toEqual({ value: 5000, source: `file ${file}` });
    expect(all.settings.concurrency).toEqual({ value: 4, source: "default" });

    expect((await show([], { SKVM_MODEL: "from-env" })).settings.model).toEqual({ value: "from-env", source: "env SKVM_MODEL" });
    expect((await show([])).settings.model).toEqual({ value: "from-file", source: `file ${file}` });
    expect((await show(["--provider", "ollama"], { SKVM_PROVIDER: "openai" })).settings.provider.value).toBe("ollama");
  });

  it("masks keys, in the table and in JSON, and names the variable they came from", async () => {
    const key = "sk-ant-api03-very-secret-value-1234";
    const json = await show([], { ANTHROPIC_API_KEY: key });
    expect(json.settings.apiKey).toEqual({ value: "sk-…1234", source: "env ANTHROPIC_API_KEY" });
    const table = await skvm(["config", "show"], dir, { ...CLEAN, SKVM_CONFIG: file, ANTHROPIC_API_KEY: key });
    expect(table.stdout).toMatch(/apiKey\s+sk-…1234\s+env ANTHROPIC_API_KEY/);
    expect(table.stdout + table.stderr).not.toContain("very-secret");
    // SKVM_API_KEY comes before the provider's own variable; the file's key comes last.
    expect((await show([], { ANTHROPIC_API_KEY: key, SKVM_API_KEY: "skvm-key-abcdefgh" })).settings.apiKey).toEqual({ value: "skv…efgh", source: "env SKVM_API_KEY" });
    const fromFile = await show([]);
    expect(fromFile.settings.apiKey).toEqual({ value: "fil…9876", source: `file ${file}` });
  });

  it("a config file with an unknown field is refused naming the file, line and field", async () => {
    const bad = join(dir, "typo.json");
    await writeFile(bad, '{\n  "provider": "ollama",\n  "modle": "qwen3"\n}\n');
    const run = await skvm(["config"], dir, { ...CLEAN, SKVM_CONFIG: bad });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`MODEL_CONFIG_INVALID: ${bad}:3: field "modle"`);
    expect(run.stderr).toContain("hint:");
  });

  it("a wrongly typed field and an unknown provider are refused naming them", async () => {
    const bad = join(dir, "type.json");
    await writeFile(bad, '{\n  "timeoutMs": "fast"\n}\n');
    const typed = await skvm(["config"], dir, { ...CLEAN, SKVM_CONFIG: bad });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain(`${bad}:2: field "timeoutMs"`);
    const provider = await skvm(["config", "--provider", "gemini"], dir, { ...CLEAN, SKVM_CONFIG: file });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain('flag --provider: unknown provider "gemini"');
  });

  it("shows the profile mapping of the config file", async () => {
    const mapped = join(dir, "profiles.json");
    await writeFile(mapped, JSON.stringify({ profiles: { clients: { "claude-code": "claude-code/sonnet" }, learnModelFromSampling: true } }));
    const run = await skvm(["config"], dir, { ...CLEAN, SKVM_CONFIG: mapped });
    expect(run.stdout).toContain("client claude-code -> claude-code/sonnet");
    expect(run.stdout).toContain("learn the host model's name through sampling: on");
  });
});
