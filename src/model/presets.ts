import { z } from "zod";

export const ProviderKind = z.enum(["openai", "openrouter", "ollama", "vllm", "llamacpp", "lmstudio", "anthropic", "sampling", "replay"]);
export type ProviderKind = z.infer<typeof ProviderKind>;

export interface Preset {
  /** Where the API is when no base URL is configured. */
  baseUrl?: string;
  /** The usual environment variable for its key (SKVM_API_KEY is read first for every provider). */
  keyEnv?: string;
  /** Runs on the user's machine: no key needed, and no cost. */
  local: boolean;
  maxTokensField: "max_tokens" | "max_completion_tokens";
}

/** Every OpenAI-compatible server is one wire format with its own default address. */
export const PRESETS: Record<ProviderKind, Preset> = {
  openai: { baseUrl: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY", local: false, maxTokensField: "max_completion_tokens" },
  openrouter: { baseUrl: "https://openrouter.ai/api/v1", keyEnv: "OPENROUTER_API_KEY", local: false, maxTokensField: "max_tokens" },
  ollama: { baseUrl: "http://127.0.0.1:11434/v1", local: true, maxTokensField: "max_tokens" },
  vllm: { baseUrl: "http://127.0.0.1:8000/v1", local: true, maxTokensField: "max_tokens" },
  llamacpp: { baseUrl: "http://127.0.0.1:8080/v1", local: true, maxTokensField: "max_tokens" },
  lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", local: true, maxTokensField: "max_tokens" },
  anthropic: { baseUrl: "https://api.anthropic.com", keyEnv: "ANTHROPIC_API_KEY", local: false, maxTokensField: "max_tokens" },
  sampling: { local: false, maxTokensField: "max_tokens" },
  replay: { local: true, maxTokensField: "max_tokens" },
};
