import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { ModelError } from "./model-error.js";
import { PRESETS, ProviderKind } from "./presets.js";
import { ModelPrice } from "./pricing.js";
import { ProfileMapping } from "./profile-selection.js";
import { DEFAULT_RETRY } from "./retry.js";

/** The config file ($SKVM_CONFIG, else ~/.config/skvm-mcp/config.json). Unknown fields are refused, so a typo is not silently ignored. */
export const ConfigFile = z
  .object({
    $schema: z.string().optional(),
    provider: ProviderKind.optional(),
    model: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    /** A key written in the file (prefer apiKeyEnv: the file then holds no secret). */
    apiKey: z.string().min(1).optional(),
    /** The environment variable holding the key. */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    /** Append every exchange to this JSONL file (replay it later with provider "replay"). */
    record: z.string().min(1).optional(),
    /** The recording the "replay" provider answers from. */
    replay: z.string().min(1).optional(),
    /** USD per million tokens, by model name or prefix; overrides the built-in table. */
    prices: z.record(z.string(), ModelPrice).optional(),
    profiles: ProfileMapping.optional(),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Where a setting's value came from, for `skvm config`: "flag --model", "env SKVM_MODEL", "file <path>", "default". */
export interface Setting<T> {
  value: T;
  source: string;
}

export interface ModelFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
}

export interface ModelConfig {
  configPath: string;
  configFound: boolean;
  provider: Setting<ProviderKind>;
  model: Setting<string | undefined>;
  baseUrl: Setting<string | undefined>;
  apiKey: Setting<string | undefined>;
  timeoutMs: Setting<number>;
  maxRetries: Setting<number>;
  concurrency: Setting<number>;
  record: Setting<string | undefined>;
  replay: Setting<string | undefined>;
  prices: Record<string, ModelPrice>;
  profiles: ProfileMapping;
}

export const DEFAULTS = { provider: "openai" as ProviderKind, timeoutMs: 120_000, concurrency: 4 };

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SKVM_CONFIG) return resolve(env.SKVM_CONFIG);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "skvm-mcp", "config.json");
}

/** Reads and validates the config file; a missing default file is an empty config, a missing $SKVM_CONFIG is an error. */
export function readConfigFile(path: string, explicit: boolean): { found: boolean; data: ConfigFile } {
  if (!existsSync(path)) {
    if (explicit) throw new ModelError("MODEL_CONFIG_INVALID", `${path}: no such file (named by SKVM_CONFIG)`, "create it, or unset SKVM_CONFIG to use ~/.config/skvm-mcp/config.json");
    return { found: false, data: {} };
  }
  const text = readFileSync(path, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelError("MODEL_CONFIG_INVALID", `${path}: not valid JSON (${(err as Error).message})`, "the config file is one JSON object, e.g. {\"provider\": \"ollama\", \"model\": \"qwen3:8b\"}");
  }
  const parsed = ConfigFile.safeParse(json);
  if (parsed.success) return { found: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path_ = [...issue.path, ...("keys" in issue ? (issue.keys as string[]) : [])];
  const field = path_.join(".") || "(top level)";
  const line = lineOf(text, path_.at(-1));
  throw new ModelError("MODEL_CONFIG_INVALID", `${path}${line ? `:${line}` : ""}: field "${field}": ${issue.message}`, "fields are provider, model, baseUrl, apiKey, apiKeyEnv, timeoutMs, maxRetries, concurrency, record, replay, prices, profiles; see README \"Models\"");
}

/** The line where a key first appears, to point the user at it. */
function lineOf(text: string, key: PropertyKey | undefined): number | undefined {
  if (typeof key !== "string") return undefined;
  const at = text.indexOf(JSON.stringify(key));
  return at < 0 ? undefined : text.slice(0, at).split("\n").length;
}

/** Settings in effect: flags > env > config file > defaults, each with where it came from. */
export function resolveModelConfig(flags: ModelFlags = {}, env: NodeJS.ProcessEnv = process.env): ModelConfig {
  const path = configPath(env);
  const { found, data: file } = readConfigFile(path, Boolean(env.SKVM_CONFIG));
  const fromFile = `file ${path}`;
  /** One setting: a flag or env value (text, parsed), else the file's (already validated), else the default. */
  const pick = <T>(flag: [string, string | undefined] | undefined, envName: string | undefined, fileValue: T | undefined, fallback: T, parse: (v: string, from: string) => T): Setting<T> => {
    const [flagName, flagValue] = flag ?? ["", undefined];
    if (flagValue !== undefined) return { value: parse(flagValue, `flag ${flagName}`), source: `flag ${flagName}` };
    const envValue = envName ? env[envName] : undefined;
    if (envValue) return { value: parse(envValue, `env ${envName}`), source: `env ${envName}` };
    if (fileValue !== undefined) return { value: fileValue, source: fromFile };
    return { value: fallback, source: "default" };
  };
  const asText = (v: string) => v;
  const provider = pick<ProviderKind>(["--provider", flags.provider], "SKVM_PROVIDER", file.provider, DEFAULTS.provider, parseKind);
  return {
    configPath: path,
    configFound: found,
    provider,
    model: pick<string | undefined>(["--model", flags.model], "SKVM_MODEL", file.model, undefined, asText),
    baseUrl: pick<string | undefined>(["--base-url", flags.baseUrl], "SKVM_BASE_URL", file.baseUrl, PRESETS[provider.value].baseUrl, parseUrl),
    apiKey: apiKey(provider.value, env, file, fromFile),
    timeoutMs: pick(undefined, undefined, file.timeoutMs, DEFAULTS.timeoutMs, Number),
    maxRetries: pick(undefined, undefined, file.maxRetries, DEFAULT_RETRY.maxRetries, Number),
    concurrency: pick(undefined, undefined, file.concurrency, DEFAULTS.concurrency, Number),
    record: pick<string | undefined>(undefined, undefined, file.record, undefined, asText),
    replay: pick<string | undefined>(undefined, undefined, file.replay, undefined, asText),
    prices: file.prices ?? {},
    profiles: file.profiles ?? {},
  };
}

/** SKVM_API_KEY, then the provider's usual variable, then the file's apiKeyEnv, then its apiKey. Keys never come from flags (they would show in `ps`). */
function apiKey(kind: ProviderKind, env: NodeJS.ProcessEnv, file: ConfigFile, fromFile: string): Setting<string | undefined> {
  const names = ["SKVM_API_KEY", PRESETS[kind].keyEnv].filter((n): n is string => Boolean(n));
  for (const name of names) if (env[name]) return { value: env[name], source: `env ${name}` };
  if (file.apiKeyEnv) return { value: env[file.apiKeyEnv] || undefined, source: `env ${file.apiKeyEnv} (apiKeyEnv in ${fromFile.slice(5)})` };
  if (file.apiKey) return { value: file.apiKey, source: fromFile };
  return { value: undefined, source: "none" };
}

function parseKind(value: string, from: string): ProviderKind {
  const parsed = ProviderKind.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ModelError("MODEL_CONFIG_INVALID", `${from}: unknown provider "${value}"`, `use one of ${ProviderKind.options.join(", ")}`);
}

function parseUrl(value: string, from: string): string {
  if (URL.canParse(value)) return value;
  throw new ModelError("MODEL_CONFIG_INVALID", `${from}: "${value}" is not a URL`, "e.g. http://127.0.0.1:11434/v1");
}

/** Shows enough of a key to tell two apart, never enough to use it. */
export function maskKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.length <= 8) return "****";
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}
