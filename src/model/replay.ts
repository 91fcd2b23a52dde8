import { readFile } from "node:fs/promises";
import { ModelError } from "./model-error.js";
import type { Completion, CompletionRequest, ModelProvider } from "./provider.js";
import { RecordedExchange, requestKey } from "./recorder.js";
import { abortedError } from "./retry.js";

/**
 * Answers from a recording (see recorder.ts) by exact request match, so a profile reproduces
 * without the model. A request recorded several times gets its answers in recorded order, then
 * the last one again.
 */
export class ReplayProvider implements ModelProvider {
  readonly kind = "replay";
  readonly supportsTools = true;
  private readonly served = new Map<string, number>();

  private constructor(
    readonly file: string,
    readonly model: string,
    private readonly answers: Map<string, Completion[]>,
  ) {}

  static async open(file: string): Promise<ReplayProvider> {
    const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new ModelError("MODEL_CONFIG_INVALID", `cannot read the recording ${file}: ${err.code ?? err.message}`, "record one first (config `record`), or fix the path in `replay`");
    });
    const answers = new Map<string, Completion[]>();
    let model: string | undefined;
    text.split("\n").forEach((line, index) => {
      if (!line.trim()) return;
      const exchange = parseLine(line, `${file}:${index + 1}`);
      model ??= exchange.model;
      const key = requestKey(exchange.request);
      answers.set(key, [...(answers.get(key) ?? []), exchange.completion]);
    });
    return new ReplayProvider(file, model ?? "replay", answers);
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    if (request.signal?.aborted) throw abortedError(`replay from ${this.file}`);
    const key = requestKey(request);
    const recorded = this.answers.get(key);
    if (!recorded?.length) {
      const first = request.messages.find((m) => m.role === "user")?.content.slice(0, 80) ?? "";
      throw new ModelError("MODEL_REPLAY_MISS", `${this.file} has no recorded answer for this request (first user message: ${JSON.stringify(first)})`, "replay needs the exact request that was recorded: same seed, prompts, tools and maxTokens; record again with the real model");
    }
    const next = this.served.get(key) ?? 0;
    this.served.set(key, next + 1);
    return recorded[Math.min(next, recorded.length - 1)] as Completion;
  }
}

function parseLine(line: string, where: string): RecordedExchange {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ModelError("MODEL_CONFIG_INVALID", `${where}: not a JSON line`, "a recording has one JSON exchange per line; was it cut off or edited?");
  }
  const parsed = RecordedExchange.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ModelError("MODEL_CONFIG_INVALID", `${where}: field ${issue?.path.join(".") || "(line)"}: ${issue?.message}`, "a recording line is {v:1, provider, model, request, completion} as written by the recorder");
}
