// The model folder's public face: providers behind one interface, configuration, profile selection.
export * from "./provider.js";
export { ModelError, type ModelErrorCode } from "./model-error.js";
export { ConfigFile, configPath, maskKey, resolveModelConfig, type ModelConfig, type ModelFlags, type Setting } from "./config.js";
export { ProviderKind, PRESETS } from "./presets.js";
export { createProvider } from "./create-provider.js";
export { MeteredProvider, type UsageTotals } from "./metered-provider.js";
export { OpenAICompatibleProvider } from "./openai-compatible.js";
export { AnthropicProvider } from "./anthropic.js";
export { SamplingProvider, samplingParams, type SamplingContext } from "./sampling.js";
export { RecordingProvider, RecordedExchange, requestKey } from "./recorder.js";
export { ReplayProvider } from "./replay.js";
export { ModelPrice, priceFor } from "./pricing.js";
export { ProfileMapping, selectProfile, type ProfileLookup, type ProfileRef, type ProfileSelection, type SelectionInput } from "./profile-selection.js";
