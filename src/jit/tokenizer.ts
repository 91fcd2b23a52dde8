/**
 * Counts tokens the way a model's tokenizer does (o200k_base, the GPT-4o/o-series encoding from
 * gpt-tokenizer, pure JS). Claude's tokenizer is not public; o200k counts are within a few tens
 * of percent of it on code, which is close enough to compare "write the code" with "call a tool".
 */
export type TokenCounter = (text: string) => number;

let loading: Promise<TokenCounter> | undefined;

/** The encoder's tables are large: loaded on first use, once per process. */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import("gpt-tokenizer/encoding/o200k_base").then((m) => (text: string) => m.countTokens(text));
  return loading;
}
