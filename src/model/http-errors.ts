import { ModelError } from "./model-error.js";

export interface ErrorContext {
  label: string;
  model: string;
  keyHint: string;
}

/** An HTTP error answer from a model API as a coded error; the API's own message is kept. */
export function httpStatusError(status: number, body: string, ctx: ErrorContext): ModelError {
  const detail = apiMessage(body);
  const said = `${ctx.label} answered HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 401 || status === 403) return new ModelError("MODEL_AUTH", said, ctx.keyHint, status);
  if (mentionsUnknownModel(status, body)) {
    return new ModelError("MODEL_NOT_FOUND", `model "${ctx.model}" is not known: ${said}`, "check --model / SKVM_MODEL against the models the server lists (GET <base URL>/models); for Ollama, `ollama pull` it first", status);
  }
  if (status === 404) return new ModelError("MODEL_ENDPOINT_NOT_FOUND", said, "check --base-url / SKVM_BASE_URL: OpenAI-compatible servers usually end in /v1", status);
  if (status === 429) return new ModelError("MODEL_RATE_LIMITED", said, "the API's rate limit was hit after retries: lower the concurrency or wait", status);
  if (status >= 500) return new ModelError("MODEL_SERVER_ERROR", said, "the model server failed after retries; try again later or check its logs", status);
  return new ModelError("MODEL_BAD_REQUEST", said, "the API refused the request; its message above says which field", status);
}

/**
 * OpenAI: 404 code model_not_found; vLLM: 404 "The model `x` does not exist"; Ollama: 404
 * "model 'x' not found"; Anthropic: 404 not_found_error "model: x"; some servers use 400.
 */
function mentionsUnknownModel(status: number, body: string): boolean {
  if (status !== 404 && status !== 400) return false;
  return /model_not_found|model\b[^.]{0,80}\b(not found|does not exist|not exist|unknown)|not_found_error[^}]*model|"model:/i.test(body);
}

/** The human part of an error body: error.message, error (a string), message, or the text itself, shortened. */
function apiMessage(body: string): string {
  let found: unknown = body;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const error = json.error;
    found = typeof error === "string" ? error : (error as { message?: unknown } | undefined)?.message ?? json.message ?? body;
  } catch {
    // not JSON: the text itself
  }
  const text = String(found).replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

/**
 * A request that got no HTTP answer. A refused connection or an unknown host is a wrong base URL
 * (retrying only delays the message); a reset mid-way is worth another try.
 */
export function networkError(err: unknown, label: string): { error: ModelError; retryable: boolean } {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? "";
  const why = cause?.message ?? (err as Error).message;
  const error = new ModelError("MODEL_UNREACHABLE", `cannot reach ${label}: ${code ? `${code} ` : ""}${why}`, "check --base-url / SKVM_BASE_URL and that the model server is running (e.g. `ollama serve`)");
  return { error, retryable: !UNREACHABLE.has(code) };
}
