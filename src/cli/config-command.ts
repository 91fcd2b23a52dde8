import { maskKey, ModelError, resolveModelConfig, type ModelConfig, type ModelFlags, type Setting } from "../model/index.js";
import { renderTable } from "./table.js";

export interface ConfigShowOptions extends ModelFlags {
  json?: boolean;
}

/** `skvm config [show]`: the model settings in effect and where each came from; keys masked. Exit 2 on a bad config. */
export function configShowCommand(opts: ConfigShowOptions): number {
  let config: ModelConfig;
  try {
    config = resolveModelConfig(opts);
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    process.stderr.write(`skvm config: ${err.message}\n`);
    return 2;
  }
  const settings = shownSettings(config);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ configFile: { path: config.configPath, found: config.configFound }, settings: Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, { value: s.value ?? null, source: s.source }])), prices: config.prices, profiles: config.profiles }, null, 2)}\n`);
    return 0;
  }
  const rows = Object.entries(settings).map(([name, s]) => [name, s.value === undefined ? "(not set)" : String(s.value), s.source]);
  const lines = [`config file: ${config.configPath}${config.configFound ? "" : " (not found; defaults apply)"}`, "", renderTable(["setting", "value", "from"], rows)];
  const mapping = profileLines(config);
  if (mapping.length) lines.push("", "profiles:", ...mapping.map((l) => `  ${l}`));
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** Every setting as {value, source}, the key replaced by its mask. */
function shownSettings(config: ModelConfig): Record<string, Setting<string | number | undefined>> {
  return {
    provider: config.provider,
    model: config.model,
    baseUrl: config.baseUrl,
    apiKey: { value: maskKey(config.apiKey.value), source: config.apiKey.source },
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    concurrency: config.concurrency,
    record: config.record,
    replay: config.replay,
  };
}

function profileLines(config: ModelConfig): string[] {
  const { default: fallback, clients = {}, models = {}, learnModelFromSampling } = config.profiles;
  return [
    ...(fallback ? [`default: ${fallback}`] : []),
    ...Object.entries(clients).map(([name, id]) => `client ${name} -> ${id}`),
    ...Object.entries(models).map(([name, id]) => `model ${name} -> ${id}`),
    ...(learnModelFromSampling ? ["learn the host model's name through sampling: on"] : []),
  ];
}
