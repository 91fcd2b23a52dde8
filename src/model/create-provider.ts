import { AnthropicProvider } from "./anthropic.js";
import type { ModelConfig } from "./config.js";
import { MeteredProvider } from "./metered-provider.js";
import { ModelError } from "./model-error.js";
import { OpenAICompatibleProvider } from "./openai-compatible.js";
import { PRESETS } from "./presets.js";
import type { ModelProvider } from "./provider.js";
import { RecordingProvider } from "./recorder.js";
import { ReplayProvider } from "./replay.js";
import { DEFAULT_RETRY } from "./retry.js";
import { SamplingProvider, type SamplingContext } from "./sampling.js";

/**
 * The provider the configuration asks for, metered (tokens and cost) and, when `record` is set,
 * recording its exchanges. Sampling needs the MCP session it runs in.
 */
export async function createProvider(config: ModelConfig, sampling?: Omit<SamplingContext, "timeoutMs">): Promise<MeteredProvider> {
  const kind = config.provider.value;
  const base = await baseProvider(config, sampling);
  const recorded = config.record.value ? new RecordingProvider(base, config.record.value) : base;
  return new MeteredProvider(recorded, { free: PRESETS[kind].local, overrides: config.prices });
}

async function baseProvider(config: ModelConfig, sampling: Omit<SamplingContext, "timeoutMs"> | undefined): Promise<ModelProvider> {
  const kind = config.provider.value;
  const timeoutMs = config.timeoutMs.value;
  if (kind === "sampling") {
    if (!sampling) throw new ModelError("MODEL_SAMPLING_UNAVAILABLE", "provider \"sampling\" is the MCP client's own model and exists only inside `skvm serve`", "pick an HTTP provider (--provider openai|anthropic|ollama|...) for the command line");
    return new SamplingProvider({ ...sampling, timeoutMs });
  }
  if (kind === "replay") {
    if (!config.replay.value) throw new ModelError("MODEL_CONFIG_INVALID", `provider "replay" needs a recording: field "replay" in ${config.configPath}`, "set \"replay\": \"/path/to/recording.jsonl\" (written by a run with \"record\")");
    return ReplayProvider.open(config.replay.value);
  }
  const model = config.model.value;
  if (!model) throw new ModelError("MODEL_CONFIG_INVALID", `no model is set for provider "${kind}"`, `pass --model, set SKVM_MODEL, or add "model" to ${config.configPath}`);
  const preset = PRESETS[kind];
  const apiKey = config.apiKey.value;
  if (!apiKey && !preset.local) {
    throw new ModelError("MODEL_AUTH", `no API key for provider "${kind}"`, `set ${["SKVM_API_KEY", preset.keyEnv].filter(Boolean).join(" or ")}, or apiKeyEnv in ${config.configPath}`);
  }
  const common = {
    model,
    baseUrl: config.baseUrl.value ?? preset.baseUrl ?? "",
    ...(apiKey ? { apiKey } : {}),
    retry: { ...DEFAULT_RETRY, maxRetries: config.maxRetries.value },
    timeoutMs,
    concurrency: config.concurrency.value,
    keyHint: keyHint(kind, preset.keyEnv, config.apiKey.source),
  };
  if (kind === "anthropic") return new AnthropicProvider(common);
  return new OpenAICompatibleProvider({ ...common, kind, maxTokensField: preset.maxTokensField });
}

function keyHint(kind: string, keyEnv: string | undefined, source: string): string {
  const where = source === "none" ? "no key was found" : `the key in use came from ${source}`;
  return `the API refused the key (${where}); set a valid key in SKVM_API_KEY${keyEnv ? ` or ${keyEnv}` : ""} for provider "${kind}"; \`skvm config\` shows which key is in effect (masked)`;
}
