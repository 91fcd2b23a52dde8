import { costUsd, priceFor, type ModelPrice } from "./pricing.js";
import type { Completion, CompletionRequest, ModelProvider } from "./provider.js";

/** What a provider has used so far; `costUsd` covers the priced calls only (see `unpricedCalls`). */
export interface UsageTotals {
  calls: number;
  input: number;
  output: number;
  /** Calls whose counts came from the local tokenizer, not the API. */
  estimatedCalls: number;
  costUsd: number;
  /** Calls to a model with no known price (local models, or one missing from the table and the config). */
  unpricedCalls: number;
}

/** Wraps a provider and sums tokens and cost of every completed call, priced by the model that answered. */
export class MeteredProvider implements ModelProvider {
  readonly kind: string;
  readonly model: string;
  readonly supportsTools: boolean;
  private readonly sums: UsageTotals = { calls: 0, input: 0, output: 0, estimatedCalls: 0, costUsd: 0, unpricedCalls: 0 };

  constructor(
    readonly inner: ModelProvider,
    private readonly prices: { free: boolean; overrides: Record<string, ModelPrice> },
  ) {
    this.kind = inner.kind;
    this.model = inner.model;
    this.supportsTools = inner.supportsTools;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const completion = await this.inner.complete(request);
    const { usage } = completion;
    this.sums.calls++;
    this.sums.input += usage.input;
    this.sums.output += usage.output;
    if (usage.estimated) this.sums.estimatedCalls++;
    const price = this.prices.free ? { input: 0, output: 0 } : priceFor(completion.model, this.prices.overrides) ?? priceFor(this.model, this.prices.overrides);
    if (price) this.sums.costUsd += costUsd(usage, price);
    else this.sums.unpricedCalls++;
    return completion;
  }

  totals(): UsageTotals {
    return { ...this.sums };
  }
}
