import { log } from "../log.js";
import { ConcurrencyLimit } from "./concurrency-limit.js";
import { httpStatusError, networkError } from "./http-errors.js";
import { ModelError } from "./model-error.js";
import { abortedError, isRetryableStatus, parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from "./retry.js";

export interface HttpClientOptions {
  /** Names the endpoint in messages, e.g. "OpenAI-compatible API at http://127.0.0.1:11434/v1". */
  label: string;
  model: string;
  headers: Record<string, string>;
  retry: RetryPolicy;
  /** Per attempt, from sending the request to the last byte of the answer. */
  timeoutMs: number;
  /** Requests in flight at once through this client (retries keep their slot while they back off). */
  concurrency: number;
  /** What to do about a refused key, e.g. "set OPENAI_API_KEY (or SKVM_API_KEY)". */
  keyHint: string;
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** JSON over HTTP POST for one provider: retries with backoff, timeouts, cancellation, a concurrency limit, coded errors. */
export class HttpClient {
  private readonly limit: ConcurrencyLimit;

  constructor(private readonly opts: HttpClientOptions) {
    this.limit = new ConcurrencyLimit(opts.concurrency);
  }

  post(url: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    return this.limit.run(() => this.withRetries(url, JSON.stringify(body), signal), signal, `the call to ${this.opts.label}`);
  }

  private async withRetries(url: string, body: string, signal: AbortSignal | undefined): Promise<unknown> {
    const { retry, label } = this.opts;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(url, body, signal);
      if (outcome.ok) return outcome.json;
      const { error, retryable, retryAfterMs } = outcome;
      if (!retryable || attempt >= retry.maxRetries) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) {
        throw new ModelError(error.code, `${label} asks to wait ${Math.ceil(retryAfterMs / 1000)} s before retrying (${error.message})`, `try again later, or lower the concurrency; waits over ${retry.maxRetryAfterMs / 1000} s are not taken`, error.status);
      }
      const delayMs = retryDelayMs(retry, attempt, retryAfterMs);
      log.warn({ url, status: error.status, code: error.code, attempt: attempt + 1, delayMs }, "model call failed; retrying");
      await sleep(delayMs, signal, `the call to ${label}`);
    }
  }

  private async attempt(url: string, body: string, signal: AbortSignal | undefined): Promise<Attempt> {
    const { label, model, keyHint, timeoutMs } = this.opts;
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const stopped = (): ModelError | undefined => {
      if (signal?.aborted) return abortedError(`the call to ${label}`);
      if (timeout.aborted) return new ModelError("MODEL_TIMEOUT", `${label} did not answer within ${timeoutMs} ms (model ${model})`, "raise timeoutMs in the config file, or use a smaller model");
      return undefined;
    };
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...this.opts.headers }, body, signal: both });
      const text = await readCapped(response, this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, label);
      if (!response.ok) {
        const error = httpStatusError(response.status, text, { label, model, keyHint });
        return { ok: false, error, retryable: isRetryableStatus(response.status), retryAfterMs: parseRetryAfter(response.headers) };
      }
      return { ok: true, json: parseJson(text, label) };
    } catch (err) {
      const cancelled = stopped();
      if (cancelled) throw cancelled;
      if (err instanceof ModelError) throw err;
      const mapped = networkError(err, label);
      return { ok: false, error: mapped.error, retryable: mapped.retryable, retryAfterMs: undefined };
    }
  }
}

type Attempt = { ok: true; json: unknown } | { ok: false; error: ModelError; retryable: boolean; retryAfterMs: number | undefined };

/** Reads the body, refusing (before buffering it) an answer larger than the cap. */
async function readCapped(response: Response, maxBytes: number, label: string): Promise<string> {
  const tooLarge = () => new ModelError("MODEL_BAD_RESPONSE", `${label} sent an answer larger than ${maxBytes} bytes`, "lower maxTokens, or check that the base URL points at a model API");
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelError("MODEL_BAD_RESPONSE", `${label} answered with something that is not JSON: ${text.slice(0, 200)}`, "check that the base URL points at the API itself (e.g. ends with /v1 for OpenAI-compatible servers)");
  }
}
