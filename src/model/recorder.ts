import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { Completion, CompletionRequest, type ModelProvider } from "./provider.js";

/**
 * One line of a recording (JSONL): a request as the provider got it (no signal) and the
 * completion it gave. `v` versions the format; `provider` and `model` say what answered.
 */
export const RecordedExchange = z.object({
  v: z.literal(1),
  provider: z.string(),
  model: z.string(),
  request: CompletionRequest,
  completion: Completion,
});
export type RecordedExchange = z.infer<typeof RecordedExchange>;

/** The request's data in a canonical form (keys sorted, no signal): equal requests give equal keys. */
export function requestKey(request: CompletionRequest): string {
  const { signal: _signal, ...data } = request;
  return canonicalJson(CompletionRequest.parse(data));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Wraps any provider and appends each successful exchange to a JSONL file, so a run (a profile)
 * can be replayed later without the model. Lines are written one at a time, in completion order.
 */
export class RecordingProvider implements ModelProvider {
  readonly kind: string;
  readonly model: string;
  readonly supportsTools: boolean;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: ModelProvider,
    readonly file: string,
  ) {
    this.kind = inner.kind;
    this.model = inner.model;
    this.supportsTools = inner.supportsTools;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const completion = await this.inner.complete(request);
    const { signal: _signal, ...data } = request;
    const line: RecordedExchange = { v: 1, provider: this.inner.kind, model: this.inner.model, request: CompletionRequest.parse(data), completion };
    const write = this.writes.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(line)}\n`);
    });
    this.writes = write.catch(() => undefined);
    await write;
    return completion;
  }
}
