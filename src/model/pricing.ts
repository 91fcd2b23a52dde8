import { z } from "zod";
import type { Usage } from "./provider.js";

/** USD per million tokens. */
export const ModelPrice = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict();
export type ModelPrice = z.infer<typeof ModelPrice>;

/**
 * Published list prices of common hosted models (USD per million tokens, without batch or cache
 * discounts). A model name matches the longest key it starts with, after any "vendor/" prefix
 * (OpenRouter's naming), so dated snapshots match their family. The config file's `prices`
 * overrides or extends this; local servers cost nothing and unknown models are reported as unpriced.
 */
const KNOWN_PRICES: Record<string, ModelPrice> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  "claude-3-5-sonnet": { input: 3, output: 15 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4": { input: 15, output: 75 },
};

/** The price of a model: an exact or prefix override from the config first, then the table. */
export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  return longestPrefixMatch(model, overrides) ?? longestPrefixMatch(model.replace(/^[^/]+\//, ""), KNOWN_PRICES);
}

function longestPrefixMatch(model: string, table: Record<string, ModelPrice>): ModelPrice | undefined {
  const key = Object.keys(table)
    .filter((k) => model === k || model.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

export function costUsd(usage: Usage, price: ModelPrice): number {
  return (usage.input * price.input + usage.output * price.output) / 1_000_000;
}
