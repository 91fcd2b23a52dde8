import type { Command } from "commander";

/** --provider/--model/--base-url: the model to talk to (over SKVM_PROVIDER/SKVM_MODEL/SKVM_BASE_URL and the config file). */
export const modelOptions = (cmd: Command): Command =>
  cmd
    .option("--provider <kind>", "openai, openrouter, anthropic, ollama, vllm, llamacpp, lmstudio, sampling or replay (or SKVM_PROVIDER)")
    .option("--model <name>", "the model name the API knows (or SKVM_MODEL)")
    .option("--base-url <url>", "the API's base URL, e.g. http://127.0.0.1:11434/v1 (or SKVM_BASE_URL)");
